package pma.dataset;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Preprocessed tensors kept on disk, so a rerun on the same dataset does not decode its images again.
 *
 * <p>One file per dataset fingerprint and preprocessing options, under {@code $PMA_CACHE} (or the
 * system property {@code pma.cache}; default {@code ~/.cache/pma}), in {@code tensors/}. The file
 * ends with a CRC-32 of its contents: a damaged or foreign file is ignored and rewritten. Set
 * {@code PMA_CACHE=off} to turn the cache off. Deleting the folder is always safe.
 */
public final class TensorCache {
    /** Bumped whenever preprocessing changes what it produces, so old files stop matching. */
    static final int FORMAT = 1;
    private static final byte[] MAGIC = "PMATNS01".getBytes(StandardCharsets.US_ASCII);

    private final Path dir;

    private TensorCache(Path dir) {
        this.dir = dir;
    }

    /** The cache in {@code $PMA_CACHE}, {@code -Dpma.cache} or {@code ~/.cache/pma}; none when set to {@code off}. */
    public static TensorCache standard() {
        String where = System.getProperty("pma.cache");
        if (where == null || where.isBlank()) where = System.getenv("PMA_CACHE");
        if (where != null && where.equals("off")) return none();
        Path root = where == null || where.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "pma") : Path.of(where);
        return new TensorCache(root.resolve("tensors"));
    }

    public static TensorCache at(Path dir) {
        return new TensorCache(dir);
    }

    /** The cache's folder; null when there is no cache. */
    public Path dir() {
        return dir;
    }

    /** No cache: every load decodes. */
    public static TensorCache none() {
        return new TensorCache(null);
    }

    /** The tensors of {@code dataset} under {@code options}: read from the cache when there, else decoded and stored. */
    public ImageTensors load(Dataset dataset, Preprocessor.Options options, Consumer<String> log) {
        if (dir == null) return Preprocessor.load(dataset, options);
        Path file = fileFor(dataset, options);
        if (Files.exists(file)) {
            ImageTensors cached = read(file, key(dataset, options), dataset.size(), options);
            if (cached != null) return cached;
            log.accept("tensor cache " + file + " is damaged or stale; decoding the images again");
        }
        ImageTensors tensors = Preprocessor.load(dataset, options);
        try {
            write(file, key(dataset, options), tensors);
        } catch (IOException e) {
            log.accept("warning: cannot write the tensor cache " + file + " (" + e.getMessage() + "); continuing without it");
        }
        return tensors;
    }

    public Path fileFor(Dataset dataset, Preprocessor.Options options) {
        return dir.resolve(key(dataset, options).substring(0, 32) + ".bin");
    }

    static String key(Dataset dataset, Preprocessor.Options o) {
        String text = "pma tensors " + FORMAT + "|" + dataset.fingerprint() + "|" + o.size() + "|" + o.channels() + "|"
                + o.crop().code() + "|" + o.margin() + "|" + Preprocessor.FOV_LEVEL + "|" + Preprocessor.FOV_SHARE;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Path file, String key, ImageTensors t) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            CRC32 crc = new CRC32();
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                 CheckedOutputStream checked = new CheckedOutputStream(raw, crc);
                 DataOutputStream out = new DataOutputStream(checked)) {
                out.write(MAGIC);
                out.writeUTF(key);
                out.writeInt(t.count());
                out.writeInt(t.size());
                out.writeInt(t.channels());
                for (int i = 0; i < t.count(); i++) {
                    writeFloats(out, t.pixels()[i]);
                    out.writeBoolean(t.masks()[i] != null);
                    if (t.masks()[i] != null) writeFloats(out, t.masks()[i]);
                }
                out.flush();
                new DataOutputStream(raw).writeLong(crc.getValue()); // not part of the checksum itself
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The cached tensors, or null when the file is damaged or does not match. */
    static ImageTensors read(Path file, String key, int count, Preprocessor.Options o) {
        CRC32 crc = new CRC32();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             CheckedInputStream checked = new CheckedInputStream(raw, crc)) {
            DataInputStream in = new DataInputStream(checked);
            if (!java.util.Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) return null;
            if (!in.readUTF().equals(key)) return null;
            int n = in.readInt(), size = in.readInt(), channels = in.readInt();
            if (n != count || size != o.size() || channels != o.channels()) return null;
            float[][] pixels = new float[n][], masks = new float[n][];
            for (int i = 0; i < n; i++) {
                pixels[i] = readFloats(in, channels * size * size);
                if (in.readBoolean()) masks[i] = readFloats(in, size * size);
            }
            long expected = crc.getValue();
            long stored = new DataInputStream(raw).readLong();
            if (stored != expected || raw.read() != -1) return null;
            return new ImageTensors(size, channels, pixels, masks);
        } catch (EOFException | RuntimeException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        out.write(b.array());
    }

    private static float[] readFloats(DataInputStream in, int n) throws IOException {
        byte[] bytes = new byte[n * 4];
        in.readFully(bytes);
        float[] out = new float[n];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
