package pma.review;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.util.JavalinBindException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pma.BadInputException;
import pma.analysis.AnalysisResult;
import pma.analysis.ImageStats;
import pma.dataset.Dataset;
import pma.dataset.ImageRecord;
import pma.dataset.Preprocessor;
import pma.duplicates.NearDuplicates;
import pma.io.CsvTable;
import pma.ledger.Ledger;
import pma.ledger.Verdicts;
import pma.ledger.Verdicts.Kind;
import pma.ledger.Verdicts.Verdict;
import pma.report.Format;
import pma.report.Overlays;

/**
 * {@code pma review}: a small local web app in which an expert walks through the flagged images
 * (and, for calibration, reliably correct controls) and records a verdict on each.
 *
 * <p>Security model: the app binds to loopback unless told otherwise, and has no accounts. Images
 * are served by their index in the ledger only, never by a path taken from the request, and
 * class-activation maps by image index and the model's position in the analysis. Every
 * state-changing request (the verdict POST) must carry the per-server random token embedded in the
 * form, so another web page open in the same browser cannot post verdicts; as a second layer its
 * Origin (or, without one, its Referer) must be the app itself when the client sends one. While
 * bound to loopback the Host header must name the loopback address too, so a hostile page cannot
 * reach the app through a rebound DNS name. Every dataset and ledger string is HTML-escaped, and
 * the Content-Security-Policy allows only the app's own script and stylesheet.
 *
 * <p>Request bodies are bounded however they arrive: the Host, Origin and Content-Type are checked
 * before the body is touched, and the body is then read up to {@link #MAX_BODY} bytes and
 * {@link #MAX_FIELDS} fields, whether it comes with a Content-Length or chunked.
 */
public final class ReviewApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewApp.class);
    /** Largest request body accepted; a verdict form is far smaller. */
    static final int MAX_BODY = 32 * 1024;
    /** Most form fields accepted; the verdict form has seven. */
    static final int MAX_FIELDS = 16;
    /** Methods that change nothing; every other one is checked for its origin. */
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern INDEX = Pattern.compile("[0-9]{1,9}");
    private static final String CSP = "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /**
     * Where to listen.
     *
     * @param port 0 picks a free port
     * @param allowRemote whether a non-loopback {@code host} is accepted
     */
    public record Settings(String host, int port, boolean allowRemote) {
        /** Checks the settings before anything starts; returns whether the host is a loopback address. */
        public boolean check() {
            if (port < 0 || port > 65535) throw new BadInputException("--port must be between 0 and 65535, got " + port);
            boolean loopback = isLoopback(host);
            if (!loopback && !allowRemote) {
                throw new BadInputException("--host " + host + " is not a loopback address; the review app has no login, "
                        + "so serving it beyond this machine needs --allow-remote");
            }
            return loopback;
        }
    }

    private final Javalin server;
    private final boolean loopback;
    private final URI url;

    private ReviewApp(Javalin server, boolean loopback, URI url) {
        this.server = server;
        this.loopback = loopback;
        this.url = url;
    }

    /** Starts the app over an analysed ledger; it serves until {@link #close()}. */
    public static ReviewApp start(Ledger ledger, AnalysisResult analysis, Settings settings) {
        boolean loopback = settings.check();
        Routes routes = new Routes(ledger, analysis);
        routes.allowHosts(settings.host());
        Javalin server = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.startup.startupWatcherEnabled = false;
            cfg.http.maxRequestSize = MAX_BODY;
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            cfg.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            cfg.routes.before(ctx -> routes.guard(ctx, loopback));
            cfg.routes.get("/", routes::queue);
            cfg.routes.get("/item/{index}", routes::item);
            cfg.routes.get("/image/{index}", routes::image);
            cfg.routes.get("/cam/{index}/{model}", routes::cam);
            cfg.routes.post("/verdict", routes::verdict);
            cfg.routes.get("/static/review.css", ctx -> ctx.contentType("text/css; charset=utf-8").result(ReviewPages.CSS));
            cfg.routes.get("/static/review.js", ctx -> ctx.contentType("text/javascript; charset=utf-8").result(ReviewPages.JS));
            cfg.routes.exception(HttpError.class, (e, ctx) -> {
                if (e.status == 413) drainAndClose(ctx);
                ctx.status(e.status).html(ReviewPages.errorPage(e.status, e.getMessage()));
            });
            cfg.routes.exception(BadInputException.class, (e, ctx) -> ctx.status(400).html(ReviewPages.errorPage(400, e.getMessage())));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request failed: {} {}", ctx.req().getMethod(), ctx.path(), e);
                ctx.status(500).html(ReviewPages.errorPage(500, "Internal error; see the server's output."));
            });
            // Unknown routes (and anything Javalin answers 404 itself) get the app's page, never the request path echoed.
            cfg.routes.error(404, ctx -> ctx.html(ReviewPages.errorPage(404, "Not found.")));
            cfg.routes.error(405, ctx -> ctx.html(ReviewPages.errorPage(405, "Method not allowed.")));
        });
        try {
            server.start(settings.host(), settings.port());
        } catch (JavalinBindException e) {
            throw new BadInputException("--port " + settings.port() + " on " + settings.host()
                    + " is already in use (choose another, or 0 for a free one)", e);
        }
        int port = server.port();
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return new ReviewApp(server, loopback, URI.create("http://" + host + ":" + port + "/"));
    }

    public URI url() {
        return url;
    }

    /** Whether the app listens on loopback only. */
    public boolean loopback() {
        return loopback;
    }

    @Override
    public void close() {
        server.stop();
    }

    /**
     * Writes every verdict, oldest first, as CSV; {@code latest} marks the verdict that counts for
     * each image. Returns the number of rows.
     */
    public static int export(Ledger ledger, Path file) throws IOException {
        Dataset d = ledger.dataset();
        Verdicts verdicts = new Verdicts(ledger);
        List<Verdict> all = verdicts.history();
        Map<Integer, Verdict> latest = verdicts.latest();
        CsvTable t = new CsvTable(List.of("image_index", "image", "label", "subtype", "reviewer", "verdict", "note",
                "created_utc", "latest"));
        for (Verdict v : all) {
            ImageRecord r = d.images().get(v.image());
            t.row(v.image(), r.id(), r.label(), r.subtype(), v.reviewer(), v.kind().code(), v.note(),
                    v.created().toString(), v.equals(latest.get(v.image())));
        }
        t.write(file);
        return t.size();
    }

    static boolean isLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) if (!a.isLoopbackAddress()) return false;
            return all.length > 0;
        } catch (UnknownHostException e) {
            throw new BadInputException("--host " + host + ": unknown host", e);
        }
    }

    /** How much of a refused body is read and thrown away before the refusal is sent. */
    static final int DRAIN_LIMIT = 1 << 20;

    /**
     * Reads and discards up to {@link #DRAIN_LIMIT} bytes of a refused request body, and closes the
     * connection after the answer. A server that answers and closes while the client is still sending
     * resets the connection, and the client then sees a broken pipe instead of the 413; what is read
     * here is never kept, so memory stays flat whatever the client sends.
     */
    static void drainAndClose(Context ctx) {
        ctx.header("Connection", "close");
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] buffer = new byte[8192];
            long left = DRAIN_LIMIT;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) left -= n;
        } catch (IOException | RuntimeException gone) {
            // The client stopped sending or the stream was already consumed: nothing to drain.
        }
    }

    /** An HTTP error with a fixed, user-safe message (escaped when rendered). */
    static final class HttpError extends RuntimeException {
        final int status;

        HttpError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** Request handlers; all ledger access goes through one lock, since DuckDB wants one writer per file. */
    private static final class Routes {
        private final Verdicts verdicts;
        private final AnalysisResult analysis;
        private final Ledger ledger;
        private pma.triage.Triages.Result triage;
        private final Map<String, ReviewQueue> queues;
        private final String csrf;
        private final byte[] csrfBytes;
        private final String ledgerName;
        private final Object lock = new Object();
        private volatile Set<String> allowedHosts = Set.of();
        /** Grad-CAM of the predicted class, as in the report; draws nothing when the ledger holds no maps. */
        private final Overlays overlays;
        private final Map<String, Integer> indexById = new HashMap<>();
        private final Map<Integer, List<NearDuplicates.Pair>> nearDuplicates;
        /** The dataset's near-duplicate pairs, searched once at start for the pages and the triage; null when the search failed. */
        private final List<NearDuplicates.Pair> duplicatePairs;

        Routes(Ledger ledger, AnalysisResult analysis) {
            this.verdicts = new Verdicts(ledger);
            this.ledger = ledger;
            this.analysis = analysis;
            this.overlays = Overlays.load(ledger, analysis, "gradcam", "predicted");
            for (ImageRecord r : analysis.dataset().images()) indexById.put(r.id(), r.index());
            this.duplicatePairs = duplicatePairs(analysis.dataset());
            this.nearDuplicates = byImage(duplicatePairs == null ? List.of() : duplicatePairs, indexById);
            ReviewQueue flagged = ReviewQueue.flagged(analysis);
            ReviewQueue suspect = ReviewQueue.suspect(analysis);
            ReviewQueue controls = ReviewQueue.controls(analysis);
            this.queues = Map.of(flagged.name(), flagged, suspect.name(), suspect, controls.name(), controls);
            byte[] token = new byte[32];
            new SecureRandom().nextBytes(token);
            this.csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
            this.csrfBytes = csrf.getBytes(StandardCharsets.US_ASCII);
            this.ledgerName = String.valueOf(ledger.file().getFileName());
        }

        /**
         * Pairs of near-identical images in the dataset folder ({@code pma duplicates}' rule and
         * defaults); null when the folder's images cannot all be read.
         */
        private static List<NearDuplicates.Pair> duplicatePairs(Dataset d) {
            try {
                return NearDuplicates.find(d.root(), NearDuplicates.Options.defaults()).pairs();
            } catch (BadInputException e) {
                LOG.warn("near-duplicates not shown: {}", e.getMessage());
                return null;
            }
        }

        /** The pairs each image is in, by image index. */
        private static Map<Integer, List<NearDuplicates.Pair>> byImage(List<NearDuplicates.Pair> pairs, Map<String, Integer> indexById) {
            Map<Integer, List<NearDuplicates.Pair>> out = new HashMap<>();
            for (NearDuplicates.Pair p : pairs) {
                for (NearDuplicates.Entry e : List.of(p.a(), p.b())) {
                    Integer i = indexById.get(e.image());
                    if (i != null) out.computeIfAbsent(i, k -> new ArrayList<>()).add(p);
                }
            }
            return out;
        }

        /** Names the app answers to while on loopback: the loopback names and the bound host. */
        void allowHosts(String host) {
            Set<String> names = new HashSet<>();
            for (String h : List.of(host, "127.0.0.1", "localhost", "::1")) {
                names.add((h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h).toLowerCase(Locale.ROOT));
            }
            allowedHosts = Set.copyOf(names);
        }

        private boolean hostAllowed(String host, int localPort) {
            if (host == null) return false;
            String h = host.toLowerCase(Locale.ROOT);
            String suffix = ":" + localPort;
            return h.endsWith(suffix) && allowedHosts.contains(h.substring(0, h.length() - suffix.length()));
        }

        void guard(Context ctx, boolean loopback) {
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("X-Content-Type-Options", "nosniff");
            // Not no-referrer: under that policy browsers send "Origin: null" even on the app's own form posts.
            ctx.header("Referrer-Policy", "same-origin");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Cache-Control", "no-store");
            if (loopback && !hostAllowed(ctx.header("Host"), ctx.req().getLocalPort())) {
                throw new HttpError(403, "This app answers only to its loopback address.");
            }
            if (!SAFE_METHODS.contains(ctx.req().getMethod())) checkOrigin(ctx.header("Origin"), ctx.header("Referer"), ctx.header("Host"));
            if (ctx.req().getContentLengthLong() > MAX_BODY) throw new HttpError(413, "Request too large.");
        }

        /**
         * A state-changing request must come from the app's own pages: its Origin, or its Referer when
         * it has no Origin, must be {@code http://} and the Host it was sent to. Browsers send Origin
         * on every cross-site POST, so a request with neither header is not a browser's cross-site
         * form; the form token still guards it.
         */
        static void checkOrigin(String origin, String referer, String host) {
            if (origin == null && referer == null) return;
            String source = origin != null ? origin : originOf(referer);
            if (source == null || host == null || !source.equalsIgnoreCase("http://" + host)) {
                throw new HttpError(403, "Request from another site refused.");
            }
        }

        /** The origin (scheme://host[:port]) of a URL, or null when it has none. */
        private static String originOf(String url) {
            try {
                URI u = new URI(url);
                if (u.getScheme() == null || u.getRawAuthority() == null) return null;
                return u.getScheme() + "://" + u.getRawAuthority();
            } catch (URISyntaxException e) {
                return null;
            }
        }

        /** The triage, computed on first use: it reads the dataset's images and the stored maps. */
        private synchronized pma.triage.Triages.Result triage() {
            if (triage == null) {
                try (Ledger.Snapshot s = ledger.snapshot()) {
                    // A failed search is searched again there, so that the triage says why it has no pairs.
                    triage = duplicatePairs == null ? pma.triage.Triages.of(s.ledger(), analysis)
                            : pma.triage.Triages.of(s.ledger(), analysis, duplicatePairs);
                }
            }
            return triage;
        }

        private List<ReviewQueue> queueList() {
            return ReviewQueue.NAMES.stream().map(queues::get).toList();
        }

        private ReviewQueue queue(String name) {
            if (name == null || name.isEmpty()) return queues.get("flagged");
            ReviewQueue q = queues.get(name);
            if (q == null) throw new HttpError(400, "Unknown queue (expected flagged or controls).");
            return q;
        }

        /** A queue by name, narrowed to the images of a triage reason when {@code reason} names one. */
        private ReviewQueue queue(String name, String reason) {
            ReviewQueue q = queue(name).withReason(reason, this::triage);
            if (q == null) throw new HttpError(400, "Unknown reason (expected one of label_issue, ambiguous, atypical, "
                    + "duplicate_conflict, off_lesion).");
            return q;
        }

        void queue(Context ctx) {
            ReviewQueue q = queue(ctx.queryParam("queue"), ctx.queryParam("reason"));
            Map<Integer, Verdict> latest;
            synchronized (lock) {
                latest = verdicts.latest();
            }
            ctx.html(ReviewPages.queuePage(new ReviewPages.Chrome(ledgerName, queueList(), q), latest, triage()));
        }

        void item(Context ctx) {
            int index = imageIndex(ctx.pathParam("index"));
            ReviewQueue q = queue(ctx.queryParam("queue"), ctx.queryParam("reason"));
            ImageStats s = analysis.images().get(index);
            List<Verdict> history;
            Map<Integer, Verdict> latest;
            synchronized (lock) {
                history = verdicts.history(index);
                latest = verdicts.latest();
            }
            ImageRecord saved = null;
            String savedParam = ctx.queryParam("saved");
            if (savedParam != null && INDEX.matcher(savedParam).matches() && Integer.parseInt(savedParam) < images()) {
                saved = analysis.dataset().images().get(Integer.parseInt(savedParam));
            }
            ctx.html(ReviewPages.itemPage(new ReviewPages.Chrome(ledgerName, queueList(), q), s, analysis.models(), history,
                    csrf, saved, saved == null ? null : latest.get(saved.index()), latest, maps(index), neighbours(index, q),
                    triagePanel(s, q), outline(index)));
        }

        /**
         * The lesion outline's shape and its out-of-fold probability of the class the image is not
         * labelled with, in words; null where the image has no outline.
         */
        private String outline(int index) {
            pma.opinions.LesionOutline.Result o = analysis.opinions().outline();
            if (o == null || o.shapes()[index] == null) return null;
            pma.opinions.LesionOutline.Shape shape = o.shapes()[index];
            ImageRecord r = analysis.dataset().images().get(index);
            String words = "solidity " + Format.f2(shape.solidity()) + ", height/width " + Format.f2(shape.aspect());
            double p = o.otherClass(index, r.target());
            if (Double.isNaN(p)) return words;
            String other = r.target() == 1 ? analysis.dataset().negativeClass() : analysis.dataset().positiveClass();
            return words + "; by its shape " + other + " at " + Format.f2(p) + " (out of fold)";
        }

        /** The image's triage reasons and their figures; the near-duplicate behind a conflict links to its page. */
        private ReviewPages.TriagePanel triagePanel(ImageStats s, ReviewQueue q) {
            pma.triage.Triages.Result result = triage();
            pma.triage.Triage t = result.images().get(s.image().index());
            int otherViews = (int) analysis.images().stream().filter(o -> o.image().index() != s.image().index()
                    && o.image().patient().equals(s.image().patient()) && o.pooled().appearances() > 0).count();
            Dataset d = analysis.dataset();
            String otherClass = s.image().target() == 1 ? d.negativeClass() : d.positiveClass();
            ReviewPages.NearDuplicate duplicate = null;
            String other = t.evidence().duplicateOf();
            if (!other.isEmpty()) {
                duplicate = neighbours(s.image().index(), q).stream().filter(n -> n.id().equals(other)).findFirst().orElse(null);
            }
            return ReviewPages.triagePanel(t, result, s, otherViews, otherClass, duplicate);
        }

        /** The models with a map of the image, each as the address of its overlay ({@link #cam}). */
        private List<ReviewPages.CamPanel> maps(int index) {
            if (overlays.cams() == null) return List.of();
            String what = overlays.cams().method() + " of the " + overlays.cams().target() + " class";
            return overlays.cams().of(index).stream().map(c -> new ReviewPages.CamPanel(c.model(),
                    "/cam/" + index + "/" + analysis.models().indexOf(c.model()), what)).toList();
        }

        private List<ReviewPages.NearDuplicate> neighbours(int index, ReviewQueue q) {
            ImageRecord self = analysis.dataset().images().get(index);
            List<ReviewPages.NearDuplicate> out = new ArrayList<>();
            for (NearDuplicates.Pair p : nearDuplicates.getOrDefault(index, List.of())) {
                NearDuplicates.Entry other = p.a().image().equals(self.id()) ? p.b() : p.a();
                Integer i = indexById.get(other.image());
                out.add(new ReviewPages.NearDuplicate(other.image(), other.label(), i == null ? null : ReviewPages.itemHref(i, q),
                        p.labelConflict(), p.samePatient(), p.distance()));
            }
            return out;
        }

        /** One model's mean map over the image, as a PNG; the model is named by its position, never by a string. */
        void cam(Context ctx) throws IOException {
            int index = imageIndex(ctx.pathParam("index"));
            String raw = ctx.pathParam("model");
            if (!INDEX.matcher(raw).matches() || Integer.parseInt(raw) >= analysis.models().size()) {
                throw new HttpError(404, "Not found.");
            }
            BufferedImage img;
            synchronized (overlays) { // it caches preprocessed images in a plain map
                img = overlays.overlayPanels(index).get(analysis.models().get(Integer.parseInt(raw)));
            }
            if (img == null) throw new HttpError(404, "No map of this image.");
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(img, "png", png);
            ctx.header("Cache-Control", "private, max-age=3600");
            ctx.contentType("image/png").result(png.toByteArray());
        }

        void image(Context ctx) throws IOException {
            int index = imageIndex(ctx.pathParam("index"));
            ImageRecord r = analysis.dataset().images().get(index);
            BufferedImage img;
            try {
                // The file named in the ledger for this index: the request never supplies a path.
                img = Preprocessor.decode(analysis.dataset().resolve(r.id()), r.id());
            } catch (BadInputException e) {
                throw new HttpError(404, "Image file unavailable.");
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(img, "png", png);
            ctx.header("Cache-Control", "private, max-age=3600");
            ctx.contentType("image/png").result(png.toByteArray());
        }

        void verdict(Context ctx) throws IOException {
            // Plain form posts only: multipart bodies could make the servlet layer spool parts to disk.
            String type = ctx.contentType();
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                throw new HttpError(415, "Verdicts are posted as a plain HTML form.");
            }
            Map<String, String> form = readForm(ctx);
            String token = form.get("csrf");
            if (token == null || !MessageDigest.isEqual(csrfBytes, token.getBytes(StandardCharsets.UTF_8))) {
                throw new HttpError(403, "Missing or wrong form token; reload the page and try again.");
            }
            String imageParam = form.get("image");
            if (imageParam == null || !INDEX.matcher(imageParam).matches() || Integer.parseInt(imageParam) >= images()) {
                throw new HttpError(400, "Unknown image.");
            }
            int index = Integer.parseInt(imageParam);
            String code = form.get("verdict");
            if (code == null || code.isEmpty()) throw new HttpError(400, "Choose a verdict.");
            Kind kind;
            try {
                kind = Kind.of(code);
            } catch (BadInputException e) {
                throw new HttpError(400, "Unknown verdict.");
            }
            String reviewer = Verdicts.checkReviewer(form.get("reviewer"));
            String note = Verdicts.checkNote(form.get("note"));
            ReviewQueue q = queue(form.get("queue"), form.get("reason"));
            synchronized (lock) {
                verdicts.add(index, reviewer, kind, note);
            }
            int pos = q.position(index);
            int next = pos >= 0 && pos + 1 < q.size() ? q.items().get(pos + 1).image().index() : index;
            ctx.redirect(ReviewPages.itemHref(next, q) + "&saved=" + index, HttpStatus.SEE_OTHER);
        }

        /**
         * The form fields of a URL-encoded body (the first value of each name), read up to
         * {@link #MAX_BODY} bytes and {@link #MAX_FIELDS} fields whether or not the request declared
         * its length; the servlet layer's unbounded form reading is never used.
         */
        static Map<String, String> readForm(Context ctx) throws IOException {
            byte[] body = ctx.req().getInputStream().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) throw new HttpError(413, "Request too large.");
            return parseForm(new String(body, StandardCharsets.UTF_8));
        }

        static Map<String, String> parseForm(String body) {
            Map<String, String> form = new HashMap<>();
            if (body.isEmpty()) return form;
            String[] fields = body.split("&", MAX_FIELDS + 1);
            if (fields.length > MAX_FIELDS) throw new HttpError(413, "Request too large.");
            for (String field : fields) {
                int eq = field.indexOf('=');
                String name = eq < 0 ? field : field.substring(0, eq);
                String value = eq < 0 ? "" : field.substring(eq + 1);
                try {
                    form.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new HttpError(400, "Malformed form.");
                }
            }
            return form;
        }

        private int images() {
            return analysis.dataset().size();
        }

        /** The image index from a path segment: digits only and within the dataset, else 404. */
        private int imageIndex(String raw) {
            if (raw == null || !INDEX.matcher(raw).matches()) throw new HttpError(404, "Not found.");
            int index = Integer.parseInt(raw);
            if (index >= images()) throw new HttpError(404, "Not found.");
            return index;
        }
    }
}
