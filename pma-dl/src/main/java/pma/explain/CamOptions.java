package pma.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pma.BadInputException;

/**
 * Which class-activation maps a training run stores for its test images. A run-time choice, not
 * part of the experiment's configuration: maps do not change any prediction.
 *
 * @param methods methods to compute; empty = no maps
 * @param layer the target layer, as {@link Explainer} reads it
 */
public record CamOptions(List<CamMethod> methods, String layer) {
    public CamOptions {
        methods = List.copyOf(methods);
        if (layer == null || layer.isBlank()) throw new BadInputException("--cam-layer must not be empty");
    }

    /** Grad-CAM at the last feature map. */
    public static CamOptions defaults() {
        return new CamOptions(List.of(CamMethod.GRAD_CAM), "last");
    }

    /** No maps. */
    public static CamOptions none() {
        return new CamOptions(List.of(), "last");
    }

    /**
     * From command-line values.
     *
     * @param methods comma-separated method names, or {@code none}
     * @param layer {@code last}, an index or a layer name
     */
    public static CamOptions parse(String methods, String layer) {
        String m = methods == null ? "" : methods.trim().toLowerCase(Locale.ROOT);
        if (m.isEmpty()) throw new BadInputException("--cams must name methods (" + String.join(", ", CamMethod.names()) + ") or none");
        if (m.equals("none")) return new CamOptions(List.of(), layer);
        List<CamMethod> out = new ArrayList<>();
        for (String name : m.split(",")) {
            CamMethod method = CamMethod.of(name);
            if (!out.contains(method)) out.add(method);
        }
        return new CamOptions(out, layer);
    }

    /** The methods as {@link #parse} reads them, so the options can cross a process boundary as text. */
    public String methodNames() {
        return methods.isEmpty() ? "none" : methods.stream().map(CamMethod::name).collect(java.util.stream.Collectors.joining(","));
    }

    public boolean enabled() {
        return !methods.isEmpty();
    }
}
