package pma.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import pma.BadInputException;
import pma.dataset.Dataset;
import pma.dataset.ImageRecord;
import pma.config.ExperimentConfig;
import pma.split.Role;
import pma.split.Split;

/**
 * The experiment's record: one embedded DuckDB file (DESIGN §4).
 *
 * <p>Each finished task is written in one transaction, so a killed run leaves whole tasks only and
 * {@code --resume} can skip them. The connection is opened per operation and closed right after,
 * so readers ({@code pma analyze}, {@code pma report}) can open the file between a run's writes;
 * writers additionally hold a {@link LedgerLock} for their whole run.
 *
 * <p>DuckDB lets one process write a file, or several read it, never both at once: an open
 * connection locks the file (shared when read-only, exclusive otherwise) and the other side
 * retries until it is free. A run therefore commits between two reads of another process, and a
 * command that reads several tables reads them from a {@link #snapshot()}, a private copy taken
 * between two commits, so that every table it sees holds the same tasks.
 */
public final class Ledger {
    /** The version of the tables this pma writes; older ledgers are migrated on their first write. */
    public static final int SCHEMA_VERSION = Migrations.LATEST;

    /** The ledger's file, as named to the user. */
    private final Path file;
    /** The DuckDB file connected to: {@link #file}, or a snapshot's private copy of it. */
    private final Path db;
    /** True for a snapshot: writing to the copy would be lost, so it is refused. */
    private final boolean snapshot;
    /** Set once the file is known to hold {@link #SCHEMA_VERSION}: no migration is due before a write. */
    private volatile boolean current;

    private Ledger(Path file) {
        this(file, file, false);
    }

    private Ledger(Path file, Path db, boolean snapshot) {
        this.file = file;
        this.db = db;
        this.snapshot = snapshot;
    }

    /** Opens an existing ledger, checking that it is one. */
    public static Ledger open(Path file) {
        if (!Files.isRegularFile(file)) throw new BadInputException("ledger not found: " + file);
        Ledger ledger = new Ledger(file);
        ledger.read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
                if (!rs.next()) throw new BadInputException(file + ": not a pma ledger (no schema version)");
                String value = rs.getString(1);
                int v;
                try {
                    v = Integer.parseInt(value == null ? "" : value.strip());
                } catch (NumberFormatException e) {
                    throw new BadInputException(file + ": not a pma ledger (schema version '" + value + "' is not a number)", e);
                }
                if (v < 1 || v > SCHEMA_VERSION) {
                    throw new BadInputException(file + ": ledger schema version " + v + ", this pma reads 1 to " + SCHEMA_VERSION
                            + (v > SCHEMA_VERSION ? " (written by a newer pma?)" : ""));
                }
            } catch (SQLException e) {
                if (damaged(e)) throw new BadInputException(file + ": ledger file is damaged or not a DuckDB file (" + firstLine(e) + ")", e);
                throw new BadInputException(file + ": not a pma ledger (" + firstLine(e) + ")", e);
            }
            return null;
        });
        return ledger;
    }

    /**
     * Creates a new ledger holding the experiment, its dataset and every split, in one transaction.
     * The file is built under a temporary name and renamed into place once complete, so a failure
     * or a kill leaves no half-written ledger.
     */
    public static Ledger create(Path file, ExperimentConfig config, Dataset dataset, List<Split> splits, String codeVersion) {
        if (Files.exists(file)) throw new BadInputException("ledger already exists: " + file + " (use --resume, or another path)");
        // Built under a temporary name and renamed when complete: a run killed meanwhile leaves no ledger.
        Path temp = creating(file);
        deleteQuietly(temp);
        Ledger ledger = new Ledger(temp);
        ledger.current = true;
        try {
            ledger.write(c -> {
                try (Statement s = c.createStatement()) {
                    for (String ddl : Schema.DDL) s.execute(ddl);
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO meta VALUES (?, ?)")) {
                    p.setString(1, "schema_version");
                    p.setString(2, Integer.toString(SCHEMA_VERSION));
                    p.execute();
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO experiment VALUES (1, current_timestamp, ?, ?, ?, ?, ?, ?)")) {
                    p.setString(1, config.toJson());
                    p.setString(2, dataset.root().toString());
                    p.setString(3, dataset.fingerprint());
                    p.setString(4, dataset.negativeClass());
                    p.setString(5, dataset.positiveClass());
                    p.setString(6, codeVersion);
                    p.execute();
                }
                try (DuckDBAppender a = appender(c, "image"); DuckDBAppender f = appender(c, "image_feature")) {
                    for (ImageRecord r : dataset.images()) {
                        a.beginRow();
                        a.append(r.index());
                        a.append(r.id());
                        a.append(r.label());
                        a.append(r.target());
                        a.append(r.patient());
                        a.append(r.subtype());
                        a.append(r.mask());
                        a.endRow();
                        int order = 0;
                        for (Map.Entry<String, String> e : r.features().entrySet()) {
                            f.beginRow();
                            f.append(r.index());
                            f.append(order++);
                            f.append(e.getKey());
                            f.append(e.getValue());
                            f.endRow();
                        }
                    }
                }
                appendSplits(c, splits);
                return null;
            });
            ledger.checkpoint();
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new IllegalStateException(file + ": cannot put the new ledger in place (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        return new Ledger(file);
    }

    private static void appendSplits(Connection c, List<Split> splits) throws SQLException {
        try (DuckDBAppender p = appender(c, "split_plan"); DuckDBAppender a = appender(c, "split")) {
            for (Split split : splits) {
                p.beginRow();
                p.append(split.iteration());
                p.append(split.seed());
                p.endRow();
                Role[] roles = split.roles();
                for (int i = 0; i < roles.length; i++) {
                    a.beginRow();
                    a.append(split.iteration());
                    a.append(i);
                    a.append(roles[i].code());
                    a.endRow();
                }
            }
        }
    }

    /**
     * Adds splits to the plan and records the configuration that plans them, in one transaction
     * ({@code pma run --until-decided} adds K-fold repeats this way). The planned splits stay as they
     * are: the new ones continue their numbering, and the configuration must plan the old ones alike.
     */
    public void extendPlan(ExperimentConfig config, List<Split> added) {
        int planned = splits().size();
        for (int k = 0; k < added.size(); k++) {
            if (added.get(k).iteration() != planned + k) {
                throw new IllegalArgumentException("split " + added.get(k).iteration() + " does not continue a plan of " + planned);
            }
        }
        write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE experiment SET config = ? WHERE id = 1")) {
                p.setString(1, config.toJson());
                p.execute();
            }
            appendSplits(c, added);
            return null;
        });
    }

    /** Where {@link #create} builds a ledger before renaming it into place. */
    static Path creating(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".creating");
    }

    /** Folds the write-ahead log into the file, so the file alone is the whole ledger. */
    private void checkpoint() {
        try (Connection c = connect(new Properties()); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Removes the ledger file; for a run that failed before recording anything. */
    public void delete() {
        if (snapshot) throw new IllegalStateException(file + ": a snapshot of the ledger cannot be deleted");
        deleteQuietly(file);
    }

    public Path file() {
        return file;
    }

    public ExperimentConfig config() {
        return read(c -> ExperimentConfig.fromJson(single(c, "SELECT config FROM experiment WHERE id = 1")));
    }

    public String datasetFingerprint() {
        return read(c -> single(c, "SELECT dataset_fingerprint FROM experiment WHERE id = 1"));
    }

    /** The dataset as recorded when the experiment was created (paths relative to its recorded folder). */
    public Dataset dataset() {
        return read(c -> {
            String root, negative, positive, fingerprint;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT dataset_path, negative_class, positive_class, dataset_fingerprint FROM experiment WHERE id = 1")) {
                rs.next();
                root = rs.getString(1);
                negative = rs.getString(2);
                positive = rs.getString(3);
                fingerprint = rs.getString(4);
            }
            Map<Integer, Map<String, String>> features = new HashMap<>();
            List<String> featureColumns = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT image, feature, value FROM image_feature ORDER BY image, position")) {
                while (rs.next()) {
                    int idx = rs.getInt(1);
                    if (idx == 0) featureColumns.add(rs.getString(2));
                    features.computeIfAbsent(idx, k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
                }
            }
            List<ImageRecord> images = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT idx, id, label, target, patient, subtype, mask FROM image ORDER BY idx")) {
                while (rs.next()) {
                    int idx = rs.getInt(1);
                    images.add(new ImageRecord(idx, rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), features.getOrDefault(idx, Map.of())));
                }
            }
            return new Dataset(Path.of(root), List.copyOf(images), negative, positive, List.copyOf(featureColumns), fingerprint);
        });
    }

    public List<Split> splits() {
        return read(c -> {
            Map<Integer, Long> seeds = new LinkedHashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT iteration, seed FROM split_plan ORDER BY iteration")) {
                while (rs.next()) seeds.put(rs.getInt(1), rs.getLong(2));
            }
            int n = Integer.parseInt(single(c, "SELECT count(*) FROM image"));
            Map<Integer, Role[]> roles = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT iteration, image, role FROM split")) {
                while (rs.next()) roles.computeIfAbsent(rs.getInt(1), k -> new Role[n])[rs.getInt(2)] = Role.of(rs.getString(3));
            }
            List<Split> out = new ArrayList<>();
            seeds.forEach((it, seed) -> out.add(new Split(it, seed, roles.get(it))));
            return out;
        });
    }

    /** Tasks whose rows are in the ledger; tasks recorded as failed are not finished. */
    public Set<Task> finishedTasks() {
        return read(Runs::finished);
    }

    /** Tasks recorded as failed, with their error text. */
    public Map<Task, String> failedTasks() {
        return read(Runs::failed);
    }

    /**
     * Records a task that failed for good: a {@code run} row with status {@code failed} and the
     * error, no predictions. Replaces an earlier failure of the same task.
     */
    public void recordFailure(Task task, long seed, String error) {
        write(c -> {
            Runs.deleteFailed(c, task);
            Runs.insertFailed(c, task, seed, error);
            return null;
        });
    }

    /**
     * Writes one finished task (its run row, every prediction, epoch record and map) in one
     * transaction, replacing a failure recorded for it earlier.
     */
    public void record(TaskResult r) {
        write(c -> {
            Runs.deleteFailed(c, r.task());
            int runId = Runs.insertDone(c, r);
            Predictions.append(c, runId, r.predictions());
            EpochRecords.append(c, runId, r.epochRecords());
            CamMaps.append(c, runId, r.cams());
            FeatureDistances.append(c, runId, r.featureDistances());
            return null;
        });
    }

    /** Finished runs (status {@code done}), optionally of one exclusion set only (null = all). */
    public List<RunRecord> runs(String exclusion) {
        return read(c -> Runs.done(c, exclusion));
    }

    /** Predictions of the given role, grouped by run id, in image order. */
    public Map<Integer, List<Prediction>> predictions(Role role) {
        return read(c -> Predictions.of(c, role));
    }

    /** Each test image's feature-space distance to its run's training images, by run id then image; empty when none is recorded. */
    public Map<Integer, Map<Integer, Double>> featureDistances() {
        return read(FeatureDistances::of);
    }

    /**
     * Each test image's share of other-label neighbours among its run's training images, by run id then
     * image; empty when none is recorded (ledgers before schema version 4, or runs without feature distances).
     */
    public Map<Integer, Map<Integer, Double>> otherLabelNeighbours() {
        return read(FeatureDistances::otherLabelNeighbours);
    }

    /** Who created the ledger and when. */
    public ExperimentInfo experiment() {
        return ExperimentInfo.of(this);
    }

    /** The schema version the file holds now: below {@link #SCHEMA_VERSION} until its first write. */
    public int schemaVersion() {
        return read(Ledger::storedVersion);
    }

    // ---- snapshots ----

    /**
     * The ledger as it stands now, fixed: a private copy of its file taken while no writer holds it,
     * so all reads of the returned ledger see the same finished tasks, whatever a run commits
     * meanwhile. Close it to delete the copy. A snapshot's own snapshot is itself.
     */
    public Snapshot snapshot() {
        if (snapshot) return new Snapshot(this, null);
        Path dir;
        try {
            dir = Files.createTempDirectory("pma-snapshot");
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a folder for a copy of " + file + " (" + e.getMessage() + ")", e);
        }
        Path copy = dir.resolve("ledger.duckdb");
        try {
            // A read-only connection holds DuckDB's shared lock on the file: no writer can be
            // part-way through a commit while the bytes (and any write-ahead log) are copied.
            read(c -> {
                try {
                    Files.copy(db, copy);
                    Path wal = Path.of(db + ".wal");
                    if (Files.exists(wal)) Files.copy(wal, Path.of(copy + ".wal"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return null;
            });
        } catch (java.io.UncheckedIOException e) {
            deleteTree(dir);
            throw new IllegalStateException("cannot copy " + file + " (" + e.getCause().getMessage() + ")", e);
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
        return new Snapshot(new Ledger(file, copy, true), dir);
    }

    /** True for a ledger returned by {@link #snapshot()}: it never changes and cannot be written. */
    public boolean isSnapshot() {
        return snapshot;
    }

    /** A fixed copy of a ledger; {@link #close()} deletes the copy. */
    public static final class Snapshot implements AutoCloseable {
        private final Ledger ledger;
        private final Path dir;

        private Snapshot(Ledger ledger, Path dir) {
            this.ledger = ledger;
            this.dir = dir;
        }

        public Ledger ledger() {
            return ledger;
        }

        /** The folder holding the copy; null for a snapshot of a snapshot, which holds none. */
        Path folder() {
            return dir;
        }

        @Override
        public void close() {
            if (dir != null) deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover temporary copy is harmless
        }
    }

    // ---- connection handling ----

    /** Work on a connection; only the ledger's own classes hold SQL. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /** The value stored under {@code key} in the ledger's {@code meta} table, or null when there is none. */
    public String meta(String key) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
                p.setString(1, key);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** Stores {@code value} under {@code key} in the {@code meta} table, replacing any value there. */
    public void putMeta(String key, String value) {
        if (key.equals("schema_version")) throw new IllegalArgumentException("schema_version is not a setting");
        write(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM meta WHERE key = ?");
                 PreparedStatement p = c.prepareStatement("INSERT INTO meta VALUES (?, ?)")) {
                d.setString(1, key);
                d.execute();
                p.setString(1, key);
                p.setString(2, value);
                p.execute();
            }
            return null;
        });
    }

    /** Runs {@code work} on a read-only connection. */
    <T> T read(Work<T> work) {
        Properties props = new Properties();
        props.setProperty("duckdb.read_only", "true");
        try (Connection c = connect(props)) {
            return work.apply(c);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Runs {@code work} in one transaction; rolls back on any failure. An older ledger is first
     * migrated to {@link #SCHEMA_VERSION}, in the same transaction.
     */
    <T> T write(Work<T> work) {
        if (snapshot) throw new IllegalStateException(file + ": a snapshot of the ledger cannot be written");
        try (Connection c = connect(new Properties())) {
            c.setAutoCommit(false);
            try {
                if (!current) Migrations.apply(c, storedVersion(c));
                T out = work.apply(c);
                c.commit();
                current = true;
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private Connection connect(Properties props) throws SQLException {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("DuckDB JDBC driver missing from the classpath", e);
        }
        // DuckDB refuses a second process while one holds the file; retry briefly, since
        // pma's writers hold the connection only for one task's transaction.
        SQLException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                return DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath(), props);
            } catch (SQLException e) {
                last = e;
                if (!isLockConflict(e)) break;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (Files.exists(db) && !isLockConflict(last)) {
            // Opening failed for another reason than a lock: the file is not a usable DuckDB database.
            throw new BadInputException(file + ": ledger file is damaged or not a DuckDB file (" + firstLine(last) + ")", last);
        }
        throw last;
    }

    private static boolean isLockConflict(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("Could not set lock") || m.contains("Conflicting lock");
    }

    private RuntimeException failure(SQLException e) {
        if (isLockConflict(e)) {
            return new BadInputException(file + ": ledger is busy, held by another process (" + firstLine(e) + ")", e);
        }
        if (damaged(e)) {
            return new BadInputException(file + ": ledger file is damaged or not a DuckDB file (" + firstLine(e) + ")", e);
        }
        return new IllegalStateException(file + ": ledger error: " + firstLine(e), e);
    }

    /** DuckDB's ways of saying that the file's bytes are wrong (truncated, overwritten, foreign). */
    private static boolean damaged(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("not a valid DuckDB database") || m.contains("Corrupt") || m.contains("checksum")
                || m.contains("Serialization") || m.contains("database file") || m.contains("Could not read enough bytes");
    }

    static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static int storedVersion(Connection c) throws SQLException {
        return Integer.parseInt(single(c, "SELECT value FROM meta WHERE key = 'schema_version'").strip());
    }

    /** A DuckDB appender on {@code table}: bulk rows without a statement per row. */
    static DuckDBAppender appender(Connection c, String table) throws SQLException {
        return c.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table);
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) throw new SQLException("no row for: " + sql);
            return rs.getString(1);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(Path.of(file + ".wal"));
        } catch (IOException ignored) {
            // best effort: the original error matters more
        }
    }
}
