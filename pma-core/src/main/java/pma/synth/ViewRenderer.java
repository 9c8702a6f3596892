package pma.synth;

import java.util.Arrays;

/**
 * Renders one view of a nodule: the grey image and its lesion mask.
 *
 * <p>The image is built as reflectivity (parenchyma blended with the nodule) times speckle,
 * plus bright calcifications, then shaped by depth gain, acoustic shadows and enhancement.
 * Only +, -, *, / and sqrt touch pixels, and every transcendental call goes through
 * {@link StrictMath}: both are bit-exact on every JVM, which byte-identical output needs.
 */
final class ViewRenderer {
    /** Grey level of parenchyma at the top of a normally gained image. */
    private static final double BASE_LEVEL = 110.0;
    private static final double CYST_LEVEL = 0.04;
    private static final double CAPSULE_LEVEL = 0.6;
    /** Artifacts keep this far (in normalised radius) from the nodule so they never touch the mask. */
    private static final double ARTIFACT_CLEARANCE = 1.15;

    record View(byte[] pixels, byte[] mask) {}

    private ViewRenderer() {}

    static View render(Nodule n, Rng rng, int size, boolean artifact, boolean darkGain) {
        Geometry g = new Geometry(n, rng, size);
        int s = size;
        double[] reflect = new double[s * s];
        double[] dist = new double[s * s]; // nominal normalised distance: < 1 is the mask
        double[] inside = new double[s * s]; // blend weight of the nodule, 0..1
        double[] parenchyma = parenchyma(n, rng, s);
        int maxK = maxK(n);
        double[] cosK = new double[maxK + 1];
        double[] sinK = new double[maxK + 1];

        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int i = y * s + x;
                double px = x + 0.5 - g.cx;
                double py = y + 0.5 - g.cy;
                double u = (px * g.cos + py * g.sin) / g.a;
                double v = (-px * g.sin + py * g.cos) / g.b;
                double rho = Math.sqrt(u * u + v * v);
                double paren = parenchyma[i];
                if (rho > 2.0) { // far outside even the most lobulated outline
                    dist[i] = rho;
                    reflect[i] = paren;
                    continue;
                }
                angularPowers(u, v, rho, cosK, sinK);
                double r = Math.max(0.5, 1.0 + series(n.outline, cosK, sinK));
                double d = rho / r;
                double dBlend = n.marginJitter.length == 0 ? d
                        : rho / Math.max(0.5, r + series(n.marginJitter, cosK, sinK));
                double t = smoothstep(1 + n.marginWidth, 1 - n.marginWidth, dBlend);
                dist[i] = d;
                inside[i] = t;
                reflect[i] = t == 0 ? paren : paren * (1 - t) + t * interior(n, u, v, d);
            }
        }

        double[] speckle = speckle(rng, s);
        double[] bright = new double[s * s];
        double[] shade = new double[s * s];
        Arrays.fill(shade, 1.0);
        stampMicrocalcifications(n, g, s, bright);
        stampMacrocalcifications(n, g, s, bright, shade);
        if (n.enhancement != 1.0) enhanceBehind(n, g, s, inside, shade);

        double gain = rng.uniform(0.9, 1.1) * BASE_LEVEL;
        double attenuation = rng.uniform(0.6, 1.1);
        if (darkGain) gain *= rng.uniform(0.15, 0.30);
        byte[] pixels = new byte[s * s];
        byte[] mask = new byte[s * s];
        for (int y = 0; y < s; y++) {
            double rowGain = gain * StrictMath.exp(-attenuation * (y + 0.5) / s);
            for (int x = 0; x < s; x++) {
                int i = y * s + x;
                double value = (reflect[i] * speckle[i] * shade[i] + bright[i]) * rowGain;
                pixels[i] = (byte) quantise(value);
                mask[i] = dist[i] < 1.0 ? (byte) 255 : 0;
            }
        }
        if (artifact) paintArtifact(rng, s, dist, pixels);
        return new View(pixels, mask);
    }

    /** Where and how large this view shows the nodule; all per-view jitter is drawn here. */
    private static final class Geometry {
        final double a, b, cos, sin, cx, cy;

        Geometry(Nodule n, Rng rng, int size) {
            double scale = n.radius * size * rng.uniform(0.88, 1.12);
            double ratio = n.axisRatio * rng.uniform(0.93, 1.07);
            // Jitter must not undo the annotation: a taller-than-wide nodule stays so in every view.
            ratio = n.has(Feature.TALLER_THAN_WIDE) ? Math.max(ratio, 1.1) : Math.min(ratio, 0.98);
            double sq = Math.sqrt(ratio);
            a = scale / sq;
            b = scale * sq;
            double theta = rng.uniform(-0.25, 0.25);
            cos = StrictMath.cos(theta);
            sin = StrictMath.sin(theta);
            double lobes = 0;
            for (Nodule.Harmonic h : n.outline) lobes += h.amp();
            double margin = Math.min(Math.max(a, b) * (1 + lobes) + 1, size / 2.0);
            cx = rng.uniform(margin, size - margin);
            cy = rng.uniform(margin, size - margin);
        }

        double toX(double u, double v) {
            return cx + u * a * cos - v * b * sin;
        }

        double toY(double u, double v) {
            return cy + u * a * sin + v * b * cos;
        }
    }

    /** Smooth brightness waves and a darker near-field band; built separably to stay cheap. */
    private static double[] parenchyma(Nodule n, Rng rng, int s) {
        double[] out = new double[s * s];
        Arrays.fill(out, 1.0);
        double[] colCos = new double[s], colSin = new double[s], rowCos = new double[s], rowSin = new double[s];
        for (int w = 0; w < 3; w++) {
            double wavelength = rng.uniform(0.3, 1.0) * s;
            double dir = rng.uniform(0, Math.PI);
            double kx = 2 * Math.PI / wavelength * StrictMath.cos(dir);
            double ky = 2 * Math.PI / wavelength * StrictMath.sin(dir);
            double phase = rng.uniform(0, 2 * Math.PI);
            double amp = n.heterogeneity * rng.uniform(0.6, 1.0);
            for (int x = 0; x < s; x++) {
                colCos[x] = StrictMath.cos(kx * x + phase);
                colSin[x] = StrictMath.sin(kx * x + phase);
            }
            for (int y = 0; y < s; y++) {
                rowCos[y] = StrictMath.cos(ky * y);
                rowSin[y] = StrictMath.sin(ky * y);
            }
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    out[y * s + x] += amp * (colCos[x] * rowCos[y] - colSin[x] * rowSin[y]); // cos(kx x + ky y + phase)
                }
            }
        }
        double band = rng.uniform(0.03, 0.07) * s;
        for (int y = 0; y < s && y < band; y++) {
            for (int x = 0; x < s; x++) out[y * s + x] *= 0.6;
        }
        return out;
    }

    private static int maxK(Nodule n) {
        int k = 1;
        for (Nodule.Harmonic h : n.outline) k = Math.max(k, h.k());
        for (Nodule.Harmonic h : n.marginJitter) k = Math.max(k, h.k());
        return k;
    }

    /** cos(k phi) and sin(k phi) by repeated complex multiplication, avoiding atan2 and cos per pixel. */
    private static void angularPowers(double u, double v, double rho, double[] cosK, double[] sinK) {
        double c = rho == 0 ? 1 : u / rho;
        double sn = rho == 0 ? 0 : v / rho;
        cosK[0] = 1;
        sinK[0] = 0;
        for (int k = 1; k < cosK.length; k++) {
            cosK[k] = cosK[k - 1] * c - sinK[k - 1] * sn;
            sinK[k] = sinK[k - 1] * c + cosK[k - 1] * sn;
        }
    }

    private static double series(Nodule.Harmonic[] hs, double[] cosK, double[] sinK) {
        double sum = 0;
        for (Nodule.Harmonic h : hs) {
            sum += h.amp() * (cosK[h.k()] * h.cosPhase() - sinK[h.k()] * h.sinPhase());
        }
        return sum;
    }

    /** Reflectivity inside the nodule at normalised position (u, v), nominal distance d. */
    private static double interior(Nodule n, double u, double v, double d) {
        double value = n.echo;
        if (n.capsuleWidth > 0) value = lerp(value, CAPSULE_LEVEL, smoothstep(1 - n.capsuleWidth, 1, d));
        if (n.has(Feature.HALO)) {
            double edge = 1 - n.haloWidth;
            value = lerp(value, n.haloLevel, smoothstep(edge - 0.04, edge + 0.04, d));
        }
        if (n.cyst != null) {
            double du = (u - n.cyst[0]) / n.cyst[2];
            double dv = (v - n.cyst[1]) / n.cyst[3];
            value = lerp(value, CYST_LEVEL, smoothstep(1.1, 0.9, Math.sqrt(du * du + dv * dv)));
        }
        for (double[] h : n.holes) {
            double du = u - h[0];
            double dv = v - h[1];
            value = lerp(value, h[3], smoothstep(1.15, 0.85, Math.sqrt(du * du + dv * dv) / h[2]));
        }
        return value;
    }

    /** Fully developed speckle, lightly smoothed so its grain spans a pixel or two. */
    private static double[] speckle(Rng rng, int s) {
        double[] raw = new double[s * s];
        for (int i = 0; i < raw.length; i++) raw[i] = rng.rayleighUnitMean();
        double[] tmp = new double[s * s];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int l = Math.max(x - 1, 0), r = Math.min(x + 1, s - 1);
                tmp[y * s + x] = (raw[y * s + l] + 4 * raw[y * s + x] + raw[y * s + r]) / 6.0;
            }
        }
        for (int y = 0; y < s; y++) {
            int up = Math.max(y - 1, 0), down = Math.min(y + 1, s - 1);
            for (int x = 0; x < s; x++) {
                raw[y * s + x] = (tmp[up * s + x] + 4 * tmp[y * s + x] + tmp[down * s + x]) / 6.0;
            }
        }
        return raw;
    }

    private static void stampMicrocalcifications(Nodule n, Geometry g, int s, double[] bright) {
        double nominal = s / 110.0;
        double sigma = Math.max(0.5, nominal);
        // A dot cannot shrink below about a pixel, so at small sizes it is dimmed instead: the
        // brightness it adds to the nodule stays the same share at every image size.
        double energy = (nominal / sigma) * (nominal / sigma);
        int reach = (int) Math.ceil(3 * sigma);
        for (double[] m : n.micro) {
            double mx = g.toX(m[0], m[1]);
            double my = g.toY(m[0], m[1]);
            int x0 = (int) Math.floor(mx);
            int y0 = (int) Math.floor(my);
            for (int y = Math.max(0, y0 - reach); y <= Math.min(s - 1, y0 + reach); y++) {
                for (int x = Math.max(0, x0 - reach); x <= Math.min(s - 1, x0 + reach); x++) {
                    double dx = x + 0.5 - mx, dy = y + 0.5 - my;
                    bright[y * s + x] += energy * m[2] * StrictMath.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
                }
            }
        }
    }

    /** Coarse calcifications: bright discs that block the beam, so everything below them is shadowed. */
    private static void stampMacrocalcifications(Nodule n, Geometry g, int s, double[] bright, double[] shade) {
        for (double[] m : n.macro) {
            double mx = g.toX(m[0], m[1]);
            double my = g.toY(m[0], m[1]);
            double radius = Math.max(0.8, m[2] * Math.sqrt(g.a * g.b));
            double shadowTop = my + 0.3 * radius;
            double ramp = Math.max(1.0, 0.5 * radius);
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    double dx = x + 0.5 - mx, dy = y + 0.5 - my;
                    double disc = clamp01(radius + 0.5 - Math.sqrt(dx * dx + dy * dy));
                    bright[y * s + x] += m[3] * disc;
                    double below = clamp01((y + 0.5 - shadowTop) / ramp);
                    if (below > 0) {
                        double column = clamp01(radius + 0.5 - Math.abs(dx));
                        shade[y * s + x] *= 1 - m[4] * column * below;
                    }
                }
            }
        }
    }

    /** Fluid attenuates less than tissue, so the tissue below a cystic nodule looks brighter. */
    private static void enhanceBehind(Nodule n, Geometry g, int s, double[] inside, double[] shade) {
        double halfWidth = Math.sqrt(g.a * g.cos * g.a * g.cos + g.b * g.sin * g.b * g.sin);
        for (int y = 0; y < s; y++) {
            if (y + 0.5 <= g.cy) continue;
            for (int x = 0; x < s; x++) {
                int i = y * s + x;
                double column = smoothstep(halfWidth, 0.7 * halfWidth, Math.abs(x + 0.5 - g.cx));
                shade[i] *= 1 + (n.enhancement - 1) * column * (1 - inside[i]);
            }
        }
    }

    /**
     * A saturated blob or reverberation-like streak outside the nodule. Placement is retried
     * until it clears the nodule; pixels near the nodule are never painted whatever happens.
     */
    private static void paintArtifact(Rng rng, int s, double[] dist, byte[] pixels) {
        boolean streak = rng.chance(0.4);
        double radius = streak ? Math.max(0.7, s / 100.0) : Math.max(1.2, rng.uniform(0.03, 0.07) * s);
        double length = streak ? rng.uniform(0.25, 0.5) * s : 0;
        double angle = streak ? rng.uniform(-0.35, 0.35) : 0;
        double dx = length / 2 * StrictMath.cos(angle);
        double dy = length / 2 * StrictMath.sin(angle);
        double[] best = null;
        long bestOverlap = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 50 && bestOverlap > 0; attempt++) {
            double[] seg = {0, 0, 0, 0};
            double cx = rng.uniform(0, s), cy = rng.uniform(0, s);
            seg[0] = cx - dx;
            seg[1] = cy - dy;
            seg[2] = cx + dx;
            seg[3] = cy + dy;
            long overlap = 0;
            int[] box = bounds(seg, radius, s);
            for (int y = box[1]; y <= box[3]; y++) {
                for (int x = box[0]; x <= box[2]; x++) {
                    if (dist[y * s + x] < ARTIFACT_CLEARANCE && coverage(seg, radius, x, y) > 0) overlap++;
                }
            }
            if (overlap < bestOverlap) {
                bestOverlap = overlap;
                best = seg;
            }
        }
        int[] box = bounds(best, radius, s);
        for (int y = box[1]; y <= box[3]; y++) {
            for (int x = box[0]; x <= box[2]; x++) {
                int i = y * s + x;
                if (dist[i] < ARTIFACT_CLEARANCE) continue;
                double alpha = coverage(best, radius, x, y);
                if (alpha > 0) pixels[i] = (byte) quantise((pixels[i] & 0xFF) * (1 - alpha) + 255 * alpha);
            }
        }
    }

    /** Pixel box {x0, y0, x1, y1} (inclusive, clipped) that the capsule can touch. */
    private static int[] bounds(double[] seg, double radius, int s) {
        double reach = radius + 1;
        return new int[] {
            clampIndex(Math.min(seg[0], seg[2]) - reach, s), clampIndex(Math.min(seg[1], seg[3]) - reach, s),
            clampIndex(Math.max(seg[0], seg[2]) + reach, s), clampIndex(Math.max(seg[1], seg[3]) + reach, s)
        };
    }

    private static int clampIndex(double v, int s) {
        return (int) Math.max(0, Math.min(s - 1, Math.floor(v)));
    }

    /** Anti-aliased coverage of pixel (x, y) by a capsule around segment seg. */
    private static double coverage(double[] seg, double radius, int x, int y) {
        double px = x + 0.5, py = y + 0.5;
        double vx = seg[2] - seg[0], vy = seg[3] - seg[1];
        double len2 = vx * vx + vy * vy;
        double t = len2 == 0 ? 0 : clamp01(((px - seg[0]) * vx + (py - seg[1]) * vy) / len2);
        double ex = px - (seg[0] + t * vx), ey = py - (seg[1] + t * vy);
        return clamp01(radius + 0.5 - Math.sqrt(ex * ex + ey * ey));
    }

    private static int quantise(double value) {
        double v = Math.floor(value + 0.5);
        return v <= 0 ? 0 : v >= 255 ? 255 : (int) v;
    }

    /** 0 at {@code from}, 1 at {@code to}, smooth between; works in either direction. */
    private static double smoothstep(double from, double to, double x) {
        double t = clamp01((x - from) / (to - from));
        return t * t * (3 - 2 * t);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    private static double clamp01(double x) {
        return x < 0 ? 0 : x > 1 ? 1 : x;
    }
}
