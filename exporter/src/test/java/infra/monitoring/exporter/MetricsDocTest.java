package infra.monitoring.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.metric.Export;
import infra.monitoring.common.metric.Metric;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The tables of docs/metrics.md between {@code <!-- generated: NAME -->} and {@code <!-- end -->}
 * are rendered from {@link RecordFamilies} (and the scale of each {@link Metric} declaration), so
 * the docs cannot drift from what {@code /metrics} serves. Rewrite them with {@code
 * -Ddocs.update=true}.
 */
class MetricsDocTest {
  static final Path DOC = Path.of("../docs/metrics.md");
  private static final String LEGACY_PREFIX = "Legacy name from the Python original; use ";
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  @Test
  void familiesTableMatchesTheDeclarations() throws IOException {
    checkSection("metrics", familiesTable());
  }

  @Test
  void legacyTableMatchesTheDeclarations() throws IOException {
    checkSection("legacy", legacyTable());
  }

  @Test
  void familiesTableNamesEverySampleOfTheGoldenBody() throws IOException {
    // Every record-derived sample name of the golden /metrics body has a row (with _total for
    // counters), so a family the table renders under a wrong name shows here too.
    String table = familiesTable();
    for (String line : Files.readAllLines(MetricsGoldenTest.GOLDEN)) {
      if (line.startsWith("# TYPE monitoring_")
          && !line.startsWith("# TYPE monitoring_exporter_")) {
        String name = line.split(" ")[2];
        assertThat(table).as(name).contains("| `" + name + "` |");
      }
    }
  }

  static String familiesTable() {
    StringBuilder b = new StringBuilder();
    b.append("| Metric | Type | Unit | Labels | From the record | Scale | HELP |\n");
    b.append("|---|---|---|---|---|---|---|\n");
    for (Family f : RecordFamilies.ALL) {
      b.append("| `")
          .append(f.sampleName())
          .append("` | ")
          .append(f.type().openMetrics())
          .append(" | ")
          .append(f.unit() == null ? "" : f.unit())
          .append(" | ")
          .append(String.join(", ", f.labelNames().stream().map(l -> "`" + l + "`").toList()))
          .append(" | `")
          .append(f.source())
          .append("` | ")
          .append(scale(f.name()))
          .append(" | ")
          .append(cell(f.help()))
          .append(" |\n");
    }
    return b.toString();
  }

  static String legacyTable() {
    StringBuilder b = new StringBuilder();
    b.append("| Original name | Use instead |\n");
    b.append("|---|---|\n");
    for (Family f : RecordFamilies.LEGACY) {
      String use = f.help();
      if (use.startsWith(LEGACY_PREFIX) && use.endsWith(".")) {
        use = use.substring(LEGACY_PREFIX.length(), use.length() - 1);
      }
      if (METRIC_NAME.matcher(use).matches()) {
        use = "`" + use + "`";
      }
      b.append("| `").append(f.name()).append("` | ").append(cell(use)).append(" |\n");
    }
    return b.toString();
  }

  /** The factor from the record's unit to the family's, as the docs write it; empty for 1. */
  static String scale(String family) {
    for (Metric m : Metric.all()) {
      Export e = m.export();
      if (e != null && e.family().equals(family) && e.scale() != 1) {
        double s = e.scale();
        return s > 1 ? "× " + number(s) : "÷ " + number(1 / s);
      }
    }
    return "";
  }

  private static String number(double v) {
    double exponent = Math.rint(Math.log10(v));
    if (exponent >= 6 && Math.abs(v / Math.pow(10, exponent) - 1) < 1e-12) {
      return "10^" + (int) exponent;
    }
    double rounded = Math.rint(v);
    return Math.abs(v - rounded) < 1e-9 * v
        ? Long.toString((long) rounded)
        : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  /** Compares one generated section with its rendering, or rewrites it with docs.update. */
  private static void checkSection(String name, String rendered) throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    Pattern p =
        Pattern.compile(
            "(<!-- generated: " + Pattern.quote(name) + " -->\n)(.*?)(<!-- end -->)",
            Pattern.DOTALL);
    Matcher m = p.matcher(doc);
    assertThat(m.find())
        .as("%s has a section <!-- generated: %s --> ... <!-- end -->", DOC, name)
        .isTrue();
    if (Boolean.getBoolean("docs.update")) {
      String updated = doc.substring(0, m.start(2)) + rendered + doc.substring(m.end(2));
      Files.writeString(DOC, updated, StandardCharsets.UTF_8);
      return;
    }
    assertThat(m.group(2))
        .as("%s section '%s' (rewrite with -Ddocs.update=true)", DOC, name)
        .isEqualTo(rendered);
  }
}
