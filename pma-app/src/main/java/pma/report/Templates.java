package pma.report;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Renders the HTML templates of the report and the review app ({@code src/main/jte}).
 *
 * <p>The templates are compiled to Java classes at build time (jte-maven-plugin), into the package
 * of their folder ({@code jte/report} to {@code pma.report}); nothing is compiled at run time. The
 * content type is HTML, so every value a template writes is escaped for where it lands (text,
 * attribute); only the stylesheets and the script read by {@link #resource} are written unescaped.
 */
public final class Templates {
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Templates.class.getClassLoader(), "pma");

    private Templates() {}

    /** Renders a template (path below {@code src/main/jte}, e.g. {@code report/report.jte}) with its one parameter. */
    public static String render(String template, Object model) {
        StringOutput out = new StringOutput(1 << 16);
        ENGINE.render(template, model, out);
        return out.toString();
    }

    /** A text resource on the class path (a stylesheet or a script), by absolute name. */
    public static String resource(String name) {
        try (InputStream in = Templates.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
