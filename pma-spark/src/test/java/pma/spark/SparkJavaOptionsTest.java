package pma.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/**
 * The {@code --add-opens} list that Spark needs on Java 17 lives in one place, the root pom's
 * {@code spark.java.options}: the build copies it into pma-spark's jar, where SparkExecutor, bin/pma
 * and bin/spark-local-cluster read it, and the tests' JVMs get it from the pom. What cannot read it
 * (docs/spark.md, for a java command of one's own) must show the same list.
 */
class SparkJavaOptionsTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final Pattern OPTION = Pattern.compile("--add-opens=java\\.base/\\S+");

    @Test
    void theListIsTheOneSparksOwnLauncherAddsForJavaBase() {
        // Spark's launcher also opens a Kerberos package (java.security.jgss), which pma does not use.
        List<String> spark = Arrays.stream(JavaModuleOptions.defaultModuleOptions().split("\\s+"))
                .filter(o -> o.startsWith("--add-opens=java.base/")).toList();
        assertThat(spark).hasSize(14);
        assertThat(SparkExecutor.JAVA_OPTIONS).isEqualTo(spark);
    }

    @Test
    void thisJvmGotTheListFromThePom() {
        assertThatCode(SparkExecutor::checkJavaOptions).doesNotThrowAnyException();
    }

    @Test
    void theDocsShowTheSameList() throws IOException {
        assertThat(options(ROOT.resolve("docs/spark.md"))).isEqualTo(SparkExecutor.JAVA_OPTIONS);
    }

    @Test
    void noOtherFileKeepsACopy() throws IOException {
        TreeSet<String> listing = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> !ROOT.relativize(f).toString().split("/")[0].startsWith("."))
                    .filter(f -> !ROOT.relativize(f).toString().contains("target/"))
                    .filter(f -> !f.getFileName().toString().equals("SparkJavaOptionsTest.java")) // it names the pattern
                    .filter(f -> f.toString().matches(".*(\\.java|\\.xml|\\.md|\\.properties|\\.txt|\\.sh)$")
                            || f.getParent().getFileName().toString().equals("bin"))
                    .forEach(f -> {
                        try {
                            if (OPTION.matcher(Files.readString(f)).find()) listing.add(ROOT.relativize(f).toString());
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
        }
        assertThat(listing).containsExactly("docs/spark.md", "pom.xml");
        for (String script : List.of("bin/pma", "bin/spark-local-cluster")) {
            assertThat(Files.readString(ROOT.resolve(script))).as(script).contains("pma/spark/java-options.txt");
        }
    }

    private static List<String> options(Path file) throws IOException {
        Matcher m = OPTION.matcher(Files.readString(file));
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) out.add(m.group());
        return out;
    }
}
