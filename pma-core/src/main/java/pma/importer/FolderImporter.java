package pma.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import pma.BadInputException;
import pma.io.CsvTable;

/** {@code pma import folders}: one sub-folder per class. */
final class FolderImporter {
    private FolderImporter() {}

    static ImportSummary.Builder run(Path src, Path dir, List<String> classes) throws IOException {
        List<String> present;
        try (Stream<Path> s = Files.list(src)) {
            present = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        }
        List<String> chosen;
        if (classes == null || classes.isEmpty()) {
            if (present.size() != 2) {
                throw new BadInputException(src + ": found " + present.size() + " class folder(s)"
                        + (present.isEmpty() ? "" : " (" + String.join(", ", present) + ")")
                        + "; pma needs exactly two (pick two with --classes)");
            }
            chosen = present;
        } else {
            if (classes.size() != 2 || classes.get(0).equals(classes.get(1))) {
                throw new BadInputException("--classes needs two different folder names, got " + String.join(",", classes));
            }
            for (String c : classes) {
                if (!present.contains(c)) {
                    throw new BadInputException("--classes: no folder '" + c + "' in " + src + " (folders: "
                            + String.join(", ", present) + ")");
                }
            }
            chosen = classes;
        }

        ImportSummary.Builder summary = new ImportSummary.Builder("folders");
        CsvTable manifest = CsvTable.verbatim(List.of("image", "label"));
        for (String label : chosen) {
            Path classDir = src.resolve(label);
            List<Path> files;
            try (Stream<Path> s = Files.walk(classDir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            List<Path> images = new ArrayList<>();
            for (Path f : files) {
                if (Images.isImage(f)) images.add(f);
            }
            summary.skip("files that are not PNG, JPEG or DICOM images", files.size() - images.size());
            if (images.isEmpty()) throw new BadInputException(classDir + ": no PNG, JPEG or DICOM images in this class folder");
            for (Path f : images) {
                String rel = "images/" + label + "/" + classDir.relativize(f).toString().replace('\\', '/');
                Path target = dir.resolve(rel);
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
                manifest.row(rel, label);
                summary.image(label, rel, false);
            }
        }
        if (present.size() > chosen.size()) {
            summary.note("class folders not taken: " + String.join(", ", present.stream().filter(p -> !chosen.contains(p)).toList()));
        }
        summary.note("each image is its own patient: add a patient column to manifest.csv if several images show one patient");
        manifest.write(dir.resolve("manifest.csv"));
        return summary;
    }
}
