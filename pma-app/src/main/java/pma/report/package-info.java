/**
 * What people read: the self-contained HTML report, its charts, and pictures of activation maps.
 *
 * <p>Belongs here: rendering results already computed ({@code pma.analysis}) as HTML, charts and
 * images, with every dataset string escaped. Not here: computing results, or the review web app
 * ({@code pma.review}).
 *
 * <p>HTML comes from templates only, never from strings in Java. {@link pma.report.HtmlReport}
 * computes one record per report section ({@link pma.report.Sections}); the JTE templates in
 * {@code src/main/jte/report} lay them out ({@code report.jte} the page, one template per section,
 * {@code kv.jte} and {@code badge.jte} shared with the review app). jte-maven-plugin compiles the
 * templates into this package at build time, so a template that names a missing field does not
 * compile, and with the HTML content type every value is escaped for where it lands. Numbers are
 * formatted by {@link pma.report.Format}; the stylesheet is the resource {@code pma/report/report.css},
 * inlined so the report stays one file.
 */
package pma.report;
