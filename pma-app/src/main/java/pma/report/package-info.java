/**
 * What people read: the self-contained HTML report, its charts, and pictures of activation maps.
 *
 * <p>Belongs here: rendering results already computed ({@code pma.analysis}) as HTML, charts and
 * images, with every dataset string escaped. Not here: computing results, or the review web app
 * ({@code pma.review}).
 */
package pma.report;
