package pma.review;

import static pma.report.Html.esc;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pma.analysis.ImageStats;
import pma.analysis.Tally;
import pma.dataset.ImageRecord;
import pma.ledger.Verdicts.Kind;
import pma.ledger.Verdicts.Verdict;
import pma.stats.Interval;
import pma.stats.Wilson;

/**
 * The review app's HTML: the queue overview and one page per image.
 *
 * <p>Every string that comes from the dataset, the ledger or the request goes through
 * {@link pma.report.Html#esc}; numbers are formatted here. Pages load one stylesheet and one
 * script from the app itself, so the Content-Security-Policy can forbid inline script.
 */
final class ReviewPages {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ReviewPages() {}

    /** What the header needs on every page. */
    record Chrome(String ledgerName, List<ReviewQueue> queues, ReviewQueue current) {}

    static String queuePage(Chrome chrome, Map<Integer, Verdict> latest) {
        ReviewQueue q = chrome.current();
        StringBuilder h = head(q.title() + " queue", chrome);
        h.append("<main class=\"list\"><h1>").append(esc(q.title())).append(" images <span class=\"count\">")
                .append(q.size()).append("</span></h1>");
        h.append("<p class=\"hint\">").append(q.name().equals("flagged")
                ? "Images the models get wrong persistently, most persistent first."
                : String.format(Locale.ROOT, "Images the models almost never get wrong (pooled F &lt; %.2f), most "
                        + "confidently correct first. Reviewing some of them calibrates the verdicts on flagged images.",
                        ReviewQueue.CONTROL_MAX_F)).append("</p>");
        if (q.size() == 0) {
            h.append("<p class=\"empty\">This queue is empty.</p>");
            return foot(h);
        }
        ImageStats firstOpen = q.items().stream().filter(s -> !latest.containsKey(s.image().index())).findFirst()
                .orElse(q.items().get(0));
        h.append("<p><a class=\"button\" id=\"start\" href=\"").append(itemHref(firstOpen.image().index(), q))
                .append("\">").append(reviewed(q, latest) == q.size() ? "Start again" : "Review next unreviewed image")
                .append(" &rarr;</a></p>");
        h.append("<table class=\"queue\"><thead><tr><th>#</th><th class=\"l\">image</th><th class=\"l\">label</th>"
                + "<th class=\"l\">subtype</th><th>tested</th><th class=\"l\">F</th><th>95% CI</th><th>FP/FN</th>"
                + "<th class=\"l\">latest verdict</th>"
                + "</tr></thead><tbody>");
        int i = 0;
        for (ImageStats s : q.items()) {
            Tally p = s.pooled();
            Verdict v = latest.get(s.image().index());
            h.append("<tr><td>").append(++i).append("</td><td class=\"l\"><a href=\"")
                    .append(itemHref(s.image().index(), q)).append("\">").append(esc(s.image().id())).append("</a></td>")
                    .append("<td class=\"l\">").append(esc(s.image().label())).append("</td><td class=\"l\">")
                    .append(esc(s.image().subtype())).append("</td><td>").append(p.appearances())
                    .append("</td><td class=\"l nowrap\">").append(f2(p.frequency())).append(' ').append(bar(p.frequency()))
                    .append("</td><td>").append(ci(s.ci())).append("</td><td>").append(p.falsePositives()).append('/')
                    .append(p.falseNegatives()).append("</td><td class=\"l\">")
                    .append(v == null ? "<span class=\"muted\">–</span>" : verdictBadge(v.kind()) + " <span class=\"muted\">"
                            + esc(v.reviewer()) + "</span>")
                    .append("</td></tr>");
        }
        h.append("</tbody></table></main>");
        return foot(h);
    }

    /** One image: picture, statistics, features, earlier verdicts and the verdict form. */
    static String itemPage(Chrome chrome, ImageStats s, List<String> models, List<Verdict> history, String csrf,
                           ImageRecord saved, Verdict savedVerdict, Map<Integer, Verdict> latest) {
        ReviewQueue q = chrome.current();
        ImageRecord r = s.image();
        int pos = q.position(r.index());
        StringBuilder h = head(r.id(), chrome);
        h.append("<main class=\"item\">");
        if (saved != null && savedVerdict != null) {
            h.append("<div class=\"saved\" id=\"saved\">Saved: ").append(verdictBadge(savedVerdict.kind()))
                    .append(" on ").append(esc(saved.id())).append(" by ").append(esc(savedVerdict.reviewer()))
                    .append(".</div>");
        }
        h.append("<div class=\"pager\">");
        if (pos > 0) {
            h.append("<a id=\"prev\" rel=\"prev\" href=\"").append(itemHref(q.items().get(pos - 1).image().index(), q))
                    .append("\">&larr; previous <kbd>p</kbd></a>");
        } else {
            h.append("<span class=\"off\">&larr; previous</span>");
        }
        h.append("<span class=\"where\">").append(pos < 0 ? "not in this queue"
                : (pos + 1) + " of " + q.size() + " " + esc(q.name())).append(" &middot; ")
                .append(reviewed(q, latest)).append(" reviewed</span>");
        if (pos >= 0 && pos + 1 < q.size()) {
            h.append("<a id=\"next\" rel=\"next\" href=\"").append(itemHref(q.items().get(pos + 1).image().index(), q))
                    .append("\">next <kbd>n</kbd> &rarr;</a>");
        } else {
            h.append("<span class=\"off\">next &rarr;</span>");
        }
        h.append("</div>");

        h.append("<div class=\"grid\"><section class=\"picture\"><a href=\"/image/").append(r.index())
                .append("\" title=\"open the image alone\"><img id=\"image\" src=\"/image/").append(r.index())
                .append("\" alt=\"").append(esc(r.id())).append("\"></a></section>");

        h.append("<section class=\"facts\"><h1 id=\"image-id\">").append(esc(r.id())).append("</h1><table class=\"kv\">");
        kv(h, "given label", "<b>" + esc(r.label()) + "</b>");
        kv(h, "subtype", r.subtype().isEmpty() ? "<span class=\"muted\">none recorded</span>" : esc(r.subtype()));
        kv(h, "patient", esc(r.patient()));
        kv(h, "lesion mask", r.hasMask() ? "yes" : "<span class=\"muted\">no</span>");
        kv(h, "features", features(r));
        Tally p = s.pooled();
        kv(h, "rank", s.rank() == 0 ? "–" : "#" + s.rank() + (s.flagged() ? " <span class=\"flag\">flagged</span>" : ""));
        kv(h, "pooled F", String.format(Locale.ROOT, "<b>%s</b> %s <span class=\"muted\">%d of %d tests wrong</span>",
                f2(p.frequency()), bar(p.frequency()), p.errors(), p.appearances()));
        kv(h, "Wilson 95% CI", ci(s.ci()));
        kv(h, "false positives / negatives", p.falsePositives() + " / " + p.falseNegatives());
        kv(h, "mean p(given label)", f2(p.meanTrueClassProb()));
        h.append("</table>");

        h.append("<h2>Per model</h2><table class=\"models\"><thead><tr><th class=\"l\">model</th><th>wrong</th>"
                + "<th>F</th><th>95% CI</th><th>FP/FN</th><th>p(label)</th></tr></thead><tbody>");
        for (String m : models) {
            Tally t = s.byModel().getOrDefault(m, Tally.EMPTY);
            h.append("<tr><td class=\"l\">").append(esc(m)).append("</td><td>").append(t.errors()).append('/')
                    .append(t.appearances()).append("</td><td>").append(f2(t.frequency())).append("</td><td class=\"nowrap\">")
                    .append(ci(Wilson.interval95(t.errors(), t.appearances()))).append("</td><td>").append(t.falsePositives())
                    .append('/').append(t.falseNegatives()).append("</td><td>").append(f2(t.meanTrueClassProb()))
                    .append("</td></tr>");
        }
        h.append("</tbody></table></section>");

        h.append("<section class=\"review\">");
        form(h, r, q, csrf);
        history(h, history);
        h.append("</section></div></main>");
        return foot(h);
    }

    private static void form(StringBuilder h, ImageRecord r, ReviewQueue q, String csrf) {
        h.append("<form id=\"verdict-form\" method=\"post\" action=\"/verdict\" autocomplete=\"off\">")
                .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(esc(csrf)).append("\">")
                .append("<input type=\"hidden\" name=\"image\" value=\"").append(r.index()).append("\">")
                .append("<input type=\"hidden\" name=\"queue\" value=\"").append(esc(q.name())).append("\">")
                .append("<fieldset><legend>Verdict</legend>");
        int key = 1;
        for (Kind k : Kind.values()) {
            h.append("<label class=\"choice\"><input type=\"radio\" name=\"verdict\" required value=\"")
                    .append(esc(k.code())).append("\" id=\"v-").append(esc(k.code())).append("\"><kbd>").append(key++)
                    .append("</kbd> ").append(esc(k.label())).append("</label>");
        }
        h.append("</fieldset><label class=\"field\">Reviewer <input type=\"text\" id=\"reviewer\" name=\"reviewer\" "
                + "required maxlength=\"100\" placeholder=\"your name\"></label>"
                + "<label class=\"field\">Note <textarea id=\"note\" name=\"note\" maxlength=\"2000\" rows=\"3\" "
                + "placeholder=\"optional: what you see\"></textarea></label>"
                + "<button type=\"submit\" id=\"save\">Save verdict <kbd>Enter</kbd></button>"
                + "<p class=\"keys\"><kbd>1</kbd>–<kbd>6</kbd> choose &middot; <kbd>Enter</kbd> save &middot; "
                + "<kbd>n</kbd>/<kbd>p</kbd> next/previous &middot; <kbd>Esc</kbd> leave a text field &middot; "
                + "<kbd>Ctrl</kbd>+<kbd>Enter</kbd> save from the note</p></form>");
    }

    private static void history(StringBuilder h, List<Verdict> history) {
        h.append("<h2>Verdicts on this image</h2>");
        if (history.isEmpty()) {
            h.append("<p class=\"muted\" id=\"history-empty\">None yet.</p>");
            return;
        }
        h.append("<ol id=\"history\" class=\"history\" reversed>");
        for (int i = history.size() - 1; i >= 0; i--) { // newest first; the newest is the one that counts
            Verdict v = history.get(i);
            h.append("<li").append(i == history.size() - 1 ? " class=\"latest\"" : "").append(">")
                    .append(verdictBadge(v.kind())).append(" <span class=\"who\">").append(esc(v.reviewer()))
                    .append("</span> <span class=\"when\">").append(esc(TIME.format(v.created()))).append("</span>");
            if (!v.note().isEmpty()) h.append("<div class=\"note\">").append(esc(v.note())).append("</div>");
            h.append("</li>");
        }
        h.append("</ol>");
    }

    static String errorPage(int status, String message) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + status
                + " · pma review</title><link rel=\"stylesheet\" href=\"/static/review.css\"></head><body><main class=\"list\">"
                + "<h1>" + status + "</h1><p id=\"error\">" + esc(message) + "</p><p><a href=\"/\">Back to the queue</a></p>"
                + "</main></body></html>\n";
    }

    static String itemHref(int index, ReviewQueue q) {
        return "/item/" + index + "?queue=" + esc(q.name());
    }

    private static int reviewed(ReviewQueue q, Map<Integer, Verdict> latest) {
        return (int) q.items().stream().filter(s -> latest.containsKey(s.image().index())).count();
    }

    private static String features(ImageRecord r) {
        if (r.features().isEmpty()) return "<span class=\"muted\">none annotated</span>";
        StringBuilder b = new StringBuilder("<ul class=\"features\">");
        for (Map.Entry<String, String> e : r.features().entrySet()) {
            String v = e.getValue();
            boolean present = v.equals("1");
            boolean absent = v.equals("0") || v.isEmpty();
            b.append("<li class=\"").append(present ? "on" : absent ? "off" : "cat").append("\">").append(esc(e.getKey()));
            if (!present && !absent) b.append(": ").append(esc(v));
            b.append("</li>");
        }
        return b.append("</ul>").toString();
    }

    private static String verdictBadge(Kind k) {
        return "<span class=\"verdict v-" + esc(k.code()) + "\">" + esc(k.label()) + "</span>";
    }

    private static void kv(StringBuilder h, String key, String valueHtml) {
        h.append("<tr><th>").append(esc(key)).append("</th><td>").append(valueHtml).append("</td></tr>");
    }

    private static String bar(double f) {
        if (Double.isNaN(f)) return "";
        // A progress element rather than a styled span: the Content-Security-Policy forbids inline styles.
        return String.format(Locale.ROOT, "<progress class=\"bar\" max=\"1\" value=\"%.3f\"></progress>", f);
    }

    private static String ci(Interval i) {
        return Double.isNaN(i.low()) ? "–" : String.format(Locale.ROOT, "%.2f–%.2f", i.low(), i.high());
    }

    private static String f2(double x) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.2f", x);
    }

    private static StringBuilder head(String title, Chrome chrome) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(esc(title)).append(" · pma review</title><link rel=\"stylesheet\" href=\"/static/review.css\">")
                .append("<script src=\"/static/review.js\" defer></script></head><body><header><a class=\"brand\" href=\"/\">")
                .append("pma review</a><nav>");
        for (ReviewQueue q : chrome.queues()) {
            h.append("<a href=\"/?queue=").append(esc(q.name())).append("\"")
                    .append(q.name().equals(chrome.current().name()) ? " class=\"on\"" : "").append(">")
                    .append(esc(q.title())).append(" <span class=\"count\">").append(q.size()).append("</span></a>");
        }
        h.append("</nav><span class=\"ledger\">").append(esc(chrome.ledgerName())).append("</span></header>");
        return h;
    }

    private static String foot(StringBuilder h) {
        return h.append("</body></html>\n").toString();
    }

    static final String CSS = """
            *{box-sizing:border-box}
            body{margin:0;font:15px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1d232a;background:#f4f5f7}
            header{display:flex;align-items:center;gap:1.5em;padding:.55em 1.2em;background:#1f2933;color:#e4e7eb}
            header a{color:#cbd2d9;text-decoration:none}header .brand{font-weight:700;color:#fff}
            header nav{display:flex;gap:.4em}header nav a{padding:.2em .7em;border-radius:4px}
            header nav a.on{background:#3e4c59;color:#fff}header .ledger{margin-left:auto;font-size:.85em;color:#9aa5b1}
            .count{display:inline-block;min-width:1.6em;padding:0 .4em;border-radius:8px;background:#52606d;color:#fff;
              font-size:.78em;text-align:center}
            main{max-width:1280px;margin:0 auto;padding:1em 1.2em 3em}
            h1{font-size:1.35em;margin:.2em 0 .5em;word-break:break-all}h2{font-size:1.05em;margin:1.4em 0 .4em}
            .hint,.muted{color:#7b8794}.empty{padding:2em;text-align:center;color:#7b8794}
            table{border-collapse:collapse;font-variant-numeric:tabular-nums}
            th,td{padding:.3em .6em;text-align:right;border-bottom:1px solid #e4e7eb;vertical-align:top}
            .l{text-align:left}thead th{background:#e9ecef;font-weight:600;font-size:.85em}
            table.queue{width:100%;background:#fff}table.queue tr:hover td{background:#f0f4f8}
            a{color:#2463b4}.button,button{display:inline-block;background:#2463b4;color:#fff;border:0;border-radius:5px;
              padding:.5em 1.1em;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
            button:hover,.button:hover{background:#1b4f91}
            .pager{display:flex;justify-content:space-between;align-items:center;margin:.2em 0 .8em}
            .pager .off{color:#bcccdc}.pager .where{color:#52606d}
            .grid{display:grid;grid-template-columns:minmax(240px,420px) minmax(380px,1fr) 340px;gap:1.2em;align-items:start}
            @media (max-width:1180px){.grid{grid-template-columns:minmax(240px,1fr) minmax(360px,1fr)}.review{grid-column:1/-1}}
            @media (max-width:720px){.grid{grid-template-columns:1fr}}
            section{background:#fff;border:1px solid #e4e7eb;border-radius:6px;padding:1em}
            .picture{padding:.6em;background:#111}.picture img{display:block;width:100%;height:auto}
            table.kv th{text-align:left;font-weight:500;color:#52606d;white-space:nowrap;font-size:.9em}table.kv td{text-align:left}
            table.models{width:100%;font-size:.88em}
            progress.bar{appearance:none;-webkit-appearance:none;width:60px;height:8px;border:0;border-radius:4px;
              background:#e4e7eb;vertical-align:middle;overflow:hidden}
            progress.bar::-webkit-progress-bar{background:#e4e7eb;border-radius:4px}
            progress.bar::-webkit-progress-value{background:#d64545;border-radius:4px}progress.bar::-moz-progress-bar{background:#d64545}
            .flag{background:#d64545;color:#fff;border-radius:3px;padding:0 .4em;font-size:.8em;font-weight:600}
            ul.features{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.3em}
            ul.features li{padding:0 .45em;border-radius:3px;font-size:.85em}
            ul.features li.on{background:#fce8c3;color:#8a4b00;font-weight:600}ul.features li.off{color:#9aa5b1;background:#f4f5f7}
            ul.features li.cat{background:#e0ecfa;color:#1b4f91}
            fieldset{border:0;padding:0;margin:0 0 .6em}legend{font-weight:600;margin-bottom:.3em}
            label.choice{display:block;padding:.3em .5em;border-radius:4px;cursor:pointer}
            label.choice:hover{background:#f0f4f8}label.choice:has(input:checked){background:#dceefb;font-weight:600}
            label.field{display:block;margin:.5em 0;font-weight:600;font-size:.9em}
            input[type=text],textarea{display:block;width:100%;margin-top:.2em;padding:.4em;font:inherit;font-weight:400;
              border:1px solid #cbd2d9;border-radius:4px}
            kbd{display:inline-block;min-width:1.4em;padding:0 .3em;border:1px solid #bcccdc;border-bottom-width:2px;
              border-radius:3px;background:#f8f9fa;color:#323f4b;font:600 .78em ui-monospace,monospace;text-align:center}
            button kbd{background:transparent;color:#fff;border-color:#9fb3c8}
            .keys{font-size:.8em;color:#7b8794;margin-top:.8em}
            .saved{background:#e3f9e5;border:1px solid #8eedc7;color:#05400a;padding:.5em .8em;border-radius:5px;margin-bottom:.6em}
            ol.history{list-style:none;margin:0;padding:0;font-size:.88em}
            ol.history li{padding:.45em .5em;border-top:1px solid #e4e7eb}ol.history li.latest{background:#f0f4f8}
            ol.history .who{font-weight:600}ol.history .when{color:#7b8794;font-size:.9em;white-space:nowrap}
            ol.history .note{margin-top:.2em;white-space:pre-wrap;word-break:break-word;color:#323f4b}.nowrap{white-space:nowrap}
            .verdict{display:inline-block;padding:0 .45em;border-radius:3px;font-size:.85em;font-weight:600;white-space:nowrap}
            .v-label_error{background:#facdcd;color:#7a0c0c}.v-atypical{background:#eae2f8;color:#44056e}
            .v-poor_quality{background:#fff3c4;color:#5c4813}.v-artifact{background:#ffe8d9;color:#841003}
            .v-model_failure{background:#dceefb;color:#0b4f8a}.v-no_problem{background:#e3f9e5;color:#05400a}
            """;

    /** Keyboard shortcuts; the reviewer's name is remembered in this browser only. */
    static final String JS = """
            'use strict';
            (function () {
              var form = document.getElementById('verdict-form');
              var reviewer = document.getElementById('reviewer');
              if (reviewer && !reviewer.value) {
                try { reviewer.value = localStorage.getItem('pma.reviewer') || ''; } catch (e) { /* storage blocked */ }
              }
              if (form) {
                form.addEventListener('submit', function () {
                  try { localStorage.setItem('pma.reviewer', reviewer.value.trim()); } catch (e) { /* storage blocked */ }
                });
              }
              function go(id) {
                var a = document.getElementById(id);
                if (a) window.location.href = a.href;
              }
              function submit() {
                if (form) form.requestSubmit();
              }
              document.addEventListener('keydown', function (e) {
                var t = e.target;
                var tag = t && t.tagName;
                var typing = tag === 'TEXTAREA' || (tag === 'INPUT' && t.type === 'text');
                if (typing) {
                  if (e.key === 'Escape') { t.blur(); e.preventDefault(); }
                  else if (e.key === 'Enter' && tag === 'TEXTAREA' && (e.ctrlKey || e.metaKey)) { submit(); e.preventDefault(); }
                  return; // Enter in the name field submits the form natively
                }
                if (e.ctrlKey || e.metaKey || e.altKey) return;
                if (tag === 'A' || tag === 'BUTTON') return; // keep the browser's own Enter on links and buttons
                if (form && e.key >= '1' && e.key <= '6') {
                  var radios = form.querySelectorAll('input[name=verdict]');
                  var r = radios[Number(e.key) - 1];
                  if (r) { r.checked = true; r.focus(); e.preventDefault(); }
                } else if (e.key === 'Enter') {
                  submit(); e.preventDefault();
                } else if (e.key === 'n') {
                  go('next');
                } else if (e.key === 'p') {
                  go('prev');
                }
              });
            })();
            """;
}
