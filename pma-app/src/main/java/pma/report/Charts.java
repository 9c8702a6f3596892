package pma.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import pma.analysis.ExclusionCurve;

/** The report's figures, drawn with JFreeChart and embedded as PNG data URIs. */
final class Charts {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x555555)};

    private Charts() {}

    /** Paper Figure 1: mean test AUC per model against the number of images excluded. */
    static String exclusionCurve(List<ExclusionCurve.Point> points, int flagged) throws IOException {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (ExclusionCurve.Point p : points) {
            if (Double.isNaN(p.meanAuc())) continue;
            series.computeIfAbsent(p.model(), XYSeries::new).add(p.excluded(), p.meanAuc());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart(null, "images excluded (most persistent first)",
                "mean test AUC", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = style(chart);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(data.getSeriesKey(i).equals("all") ? 2.5f : 1.6f));
        }
        plot.setRenderer(r);
        if (flagged > 0) plot.addDomainMarker(dashed(flagged, "flagged"));
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return png(chart, 720, 400);
    }

    /** Histogram of pooled F_j over images that were tested at least once, with the chosen θ marked. */
    static String frequencyHistogram(double[] f, double theta) throws IOException {
        HistogramDataset data = new HistogramDataset();
        data.addSeries("images", f, 20, 0.0, 1.0);
        JFreeChart chart = ChartFactory.createHistogram(null, "misclassification frequency F (pooled over models)",
                "images", data, PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = style(chart);
        XYBarRenderer r = (XYBarRenderer) plot.getRenderer();
        r.setSeriesPaint(0, PALETTE[0]);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(true);
        r.setSeriesOutlinePaint(0, Color.WHITE);
        plot.getDomainAxis().setRange(0, 1);
        plot.addDomainMarker(dashed(theta, "θ"));
        return png(chart, 720, 300);
    }

    /** Test AUC of every run as a box per model. */
    static String aucByModel(Map<String, double[]> aucs) throws IOException {
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        for (Map.Entry<String, double[]> e : aucs.entrySet()) {
            List<Double> values = new ArrayList<>();
            for (double x : e.getValue()) values.add(x);
            data.add(values, "test AUC", e.getKey());
        }
        CategoryAxis x = new CategoryAxis(null);
        x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        NumberAxis y = new NumberAxis("test AUC per run");
        y.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        y.setAutoRangeIncludesZero(false);
        BoxAndWhiskerRenderer r = new BoxAndWhiskerRenderer();
        r.setSeriesPaint(0, new Color(0x9ecae1));
        r.setSeriesOutlinePaint(0, new Color(0x1f4e79));
        r.setUseOutlinePaintForWhiskers(true);
        r.setMeanVisible(false);
        r.setMaxOutlierVisible(true);
        r.setMinOutlierVisible(true);
        r.setMaximumBarWidth(0.12);
        CategoryPlot plot = new CategoryPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setOutlineVisible(false);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        return png(chart, 720, 260);
    }

    private static ValueMarker dashed(double at, String label) {
        ValueMarker m = new ValueMarker(at);
        m.setPaint(Color.GRAY);
        m.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
        m.setLabel(label);
        m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        return m;
    }

    private static XYPlot style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setOutlineVisible(false);
        return plot;
    }

    static String png(JFreeChart chart, int w, int h) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(b, chart, w, h);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(b.toByteArray());
    }
}
