package io.memberlist.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SvgChartTest {
    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writesWellFormedSvgWithOnePathPerLineAndEscapedText() throws Exception {
        String svg = new SvgChart("a < b & c", "x", "y")
                .add("one", new double[] {0, 1, 2}, new double[] {0, 0.5, 1}, SvgChart.Style.LINE)
                .add("two \"quoted\"", new double[] {0, 2}, new double[] {1, 0}, SvgChart.Style.DASHED)
                .note("seed 1").render();
        Document d = parse(svg);
        assertThat(d.getDocumentElement().getNodeName()).isEqualTo("svg");
        assertThat(d.getElementsByTagName("path").getLength()).isEqualTo(2);
        assertThat(svg).contains("a &lt; b &amp; c").contains("stroke-dasharray");
    }

    @Test
    void logAxesSkipOrFloorNonPositiveValues() throws Exception {
        String svg = new SvgChart("log", "x", "y").logX().logY()
                .add("s", new double[] {0, 0.1, 1, 10}, new double[] {0, 5, 50, 500}, SvgChart.Style.MARKERS)
                .render();
        Document d = parse(svg);
        // x = 0 cannot be drawn on a log axis: three markers remain; y = 0 would sit on the edge
        assertThat(d.getElementsByTagName("circle").getLength()).isEqualTo(3 + 1); // + the legend's
        assertThat(svg).contains(">0</text>");
    }

    @Test
    void ticksAreRoundNumbers() {
        assertThat(SvgChart.ticks(0, 1, false)).containsExactly(0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0);
        assertThat(SvgChart.ticks(0.01, 100, true)).hasSize(5);
        assertThat(SvgChart.label(20_000)).isEqualTo("20,000");
        assertThat(SvgChart.label(0.25)).isEqualTo("0.25");
    }

    @Test
    void refusesSeriesOfUnequalLength() {
        assertThatThrownBy(() -> new SvgChart("t", "x", "y").add("s", new double[2], new double[3], SvgChart.Style.LINE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
