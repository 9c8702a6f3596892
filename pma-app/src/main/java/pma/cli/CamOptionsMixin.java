package pma.cli;

import picocli.CommandLine.Option;
import pma.explain.CamOptions;

/** Which class-activation maps {@code run} and {@code demo} store for each test image. */
final class CamOptionsMixin {
    @Option(names = "--cams", defaultValue = "gradcam",
            description = "CAM methods stored per test image: comma-separated gradcam, gradcampp, hirescam, or none (default ${DEFAULT-VALUE})")
    String methods;

    @Option(names = "--cam-layer", defaultValue = "last",
            description = "feature layer the maps are taken at: last, an index into the features (-1 = last) or a layer name (default ${DEFAULT-VALUE})")
    String layer;

    CamOptions build() {
        return CamOptions.parse(methods, layer);
    }
}
