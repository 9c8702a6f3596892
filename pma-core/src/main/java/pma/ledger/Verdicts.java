package pma.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pma.BadInputException;

/**
 * Expert verdicts on images, kept in the ledger's {@code verdict} table as a history.
 *
 * <p>Nothing is overwritten: a reviewer who changes their mind adds a verdict, and the latest one
 * per image counts. Timestamps are UTC and strictly increasing within a ledger (a verdict written in
 * the same microsecond as the previous one is moved one microsecond later), so "latest" is always
 * well defined.
 */
public final class Verdicts {
    /** Longest reviewer name accepted, in characters. */
    public static final int MAX_REVIEWER = 100;
    /** Longest note accepted, in characters. */
    public static final int MAX_NOTE = 2000;

    /** What a reviewer can conclude about an image. */
    public enum Kind {
        LABEL_ERROR("label_error", "label error"),
        ATYPICAL("atypical", "atypical or rare presentation"),
        POOR_QUALITY("poor_quality", "poor image quality"),
        ARTIFACT("artifact", "artifact"),
        MODEL_FAILURE("model_failure", "model failure"),
        NO_PROBLEM("no_problem", "no problem");

        private final String code;
        private final String label;

        Kind(String code, String label) {
            this.code = code;
            this.label = label;
        }

        /** The value stored in the ledger and used in forms and CSV files. */
        public String code() {
            return code;
        }

        /** Human-readable name. */
        public String label() {
            return label;
        }

        public static Kind of(String code) {
            for (Kind k : values()) if (k.code.equals(code)) return k;
            throw new BadInputException("unknown verdict '" + code + "' (expected one of " + codes() + ")");
        }

        static String codes() {
            StringBuilder b = new StringBuilder();
            for (Kind k : values()) b.append(b.length() == 0 ? "" : ", ").append(k.code);
            return b.toString();
        }
    }

    /** One recorded verdict; {@code created} is UTC with microsecond precision. */
    public record Verdict(int image, String reviewer, Kind kind, String note, Instant created) {}

    private final Ledger ledger;

    public Verdicts(Ledger ledger) {
        this.ledger = ledger;
    }

    /**
     * Records a verdict and returns it as stored.
     *
     * @throws BadInputException for an unknown image, an empty or overlong reviewer name, an overlong
     *     note, or control characters where they do not belong
     */
    public Verdict add(int image, String reviewer, Kind kind, String note) {
        String who = checkReviewer(reviewer);
        String text = checkNote(note);
        if (kind == null) throw new BadInputException("verdict is required (one of " + Kind.codes() + ")");
        return ledger.write(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM image WHERE idx = ?")) {
                p.setInt(1, image);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 0) throw new BadInputException("no image with index " + image + " in this ledger");
                }
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Instant last = lastCreated(c);
            if (last != null && !now.isAfter(last)) now = last.plus(1, ChronoUnit.MICROS);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO verdict VALUES (?, ?, ?, ?, ?)")) {
                p.setInt(1, image);
                p.setString(2, who);
                p.setString(3, kind.code());
                p.setString(4, text);
                p.setObject(5, LocalDateTime.ofInstant(now, ZoneOffset.UTC));
                p.execute();
            }
            return new Verdict(image, who, kind, text, now);
        });
    }

    /** Every verdict, oldest first. */
    public List<Verdict> history() {
        return ledger.read(c -> query(c, null));
    }

    /** The verdicts on one image, oldest first. */
    public List<Verdict> history(int image) {
        return ledger.read(c -> query(c, image));
    }

    /** The latest verdict per image that has one, in image order. */
    public Map<Integer, Verdict> latest() {
        Map<Integer, Verdict> out = new LinkedHashMap<>();
        List<Verdict> all = new ArrayList<>(history());
        all.sort(java.util.Comparator.comparingInt(Verdict::image));
        for (Verdict v : all) out.put(v.image(), v); // oldest first within an image, so the last put wins
        return out;
    }

    /** The reviewer name trimmed; rejects empty, overlong or control-character names. */
    public static String checkReviewer(String reviewer) {
        String who = reviewer == null ? "" : reviewer.strip();
        if (who.isEmpty()) throw new BadInputException("reviewer name is required");
        if (who.length() > MAX_REVIEWER) {
            throw new BadInputException("reviewer name is longer than " + MAX_REVIEWER + " characters");
        }
        if (who.chars().anyMatch(Character::isISOControl)) {
            throw new BadInputException("reviewer name contains control characters");
        }
        return who;
    }

    /** The note with line ends normalised; rejects overlong notes and control characters other than newline and tab. */
    public static String checkNote(String note) {
        String text = note == null ? "" : note.replace("\r\n", "\n").replace('\r', '\n').strip();
        if (text.length() > MAX_NOTE) throw new BadInputException("note is longer than " + MAX_NOTE + " characters");
        if (text.chars().anyMatch(ch -> Character.isISOControl(ch) && ch != '\n' && ch != '\t')) {
            throw new BadInputException("note contains control characters");
        }
        return text;
    }

    private static Instant lastCreated(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT max(created) FROM verdict");
             ResultSet rs = p.executeQuery()) {
            rs.next();
            LocalDateTime t = rs.getObject(1, LocalDateTime.class);
            return t == null ? null : t.toInstant(ZoneOffset.UTC);
        }
    }

    private static List<Verdict> query(Connection c, Integer image) throws SQLException {
        String sql = "SELECT image, reviewer, verdict, note, created FROM verdict"
                + (image == null ? "" : " WHERE image = ?") + " ORDER BY created, image";
        List<Verdict> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            if (image != null) p.setInt(1, image);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String code = rs.getString(3);
                    Kind kind;
                    try {
                        kind = Kind.of(code);
                    } catch (BadInputException e) {
                        throw new BadInputException("ledger holds an unknown verdict '" + code + "' (written by a newer pma?)", e);
                    }
                    out.add(new Verdict(rs.getInt(1), rs.getString(2), kind, rs.getString(4),
                            rs.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
                }
            }
        }
        return out;
    }
}
