package infra.monitoring.common.docs;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.Thresholds;
import infra.monitoring.common.metric.Metric;
import infra.monitoring.common.settings.SettingsCatalog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/settings.md names exactly the settings of {@link SettingsCatalog}, each with the catalog's
 * process ({@code common} is written {@code both}), and its thresholds table gives exactly the
 * default thresholds declared with the metrics. A family of names is written with a placeholder,
 * {@code MONITORING_THRESHOLD_<METRIC>_WARNING}, and matches the catalog's glob for it.
 */
class SettingsDocTest {
  /** A setting name, or a family of names with {@code <PLACEHOLDER>} parts. */
  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]*|<[A-Z]+>)+");

  private record Documented(String name, String process) {
    /** The name with each placeholder replaced by a sample word, to match against a glob. */
    String sample() {
      return name.replaceAll("<[A-Z]+>", "SAMPLE");
    }

    boolean isFamily() {
      return name.contains("<");
    }
  }

  @Test
  void tableNamesEveryCatalogSettingWithItsProcessAndNothingElse() throws IOException {
    List<Documented> documented = documented();
    List<SettingsCatalog.Entry> catalog = SettingsCatalog.get().entries();
    for (Documented d : documented) {
      List<SettingsCatalog.Entry> matching = catalog.stream().filter(e -> matches(e, d)).toList();
      assertThat(matching)
          .as("%s in docs/settings.md is in the settings catalog", d.name())
          .isNotEmpty();
      for (SettingsCatalog.Entry e : matching) {
        assertThat(d.process()).as("process of %s", d.name()).isEqualTo(process(e));
      }
    }
    for (SettingsCatalog.Entry e : catalog) {
      assertThat(documented.stream().anyMatch(d -> matches(e, d)))
          .as("catalog setting %s (%s) has a row in docs/settings.md", e.name(), e.process())
          .isTrue();
    }
  }

  @Test
  void noSettingIsDocumentedTwice() throws IOException {
    List<String> names = documented().stream().map(Documented::name).toList();
    assertThat(names).doesNotHaveDuplicates();
  }

  @Test
  void thresholdsTableGivesEveryDeclaredDefault() throws IOException {
    Map<String, List<Double>> documented = new LinkedHashMap<>();
    for (List<String> row : DocTables.rows(DocTables.section("settings.md", "thresholds"))) {
      documented.put(
          DocTables.codes(row.get(0)).get(0), Arrays.asList(level(row.get(1)), level(row.get(2))));
    }
    Map<String, List<Double>> declared = new LinkedHashMap<>();
    for (Metric m : Metric.all()) {
      Thresholds.Level l = m.defaultThresholds();
      if (l != null) {
        declared.put(m.key(), Arrays.asList(l.warning(), l.critical()));
      }
    }
    assertThat(documented).containsExactlyInAnyOrderEntriesOf(declared);
  }

  /** A level cell: a number, or a dash for a level the metric does not have. */
  private static Double level(String cell) {
    return cell.strip().equals("—") ? null : Double.parseDouble(cell);
  }

  private static List<Documented> documented() throws IOException {
    List<Documented> out = new ArrayList<>();
    for (List<String> row : DocTables.rows(DocTables.section("settings.md", "settings"))) {
      assertThat(row).as("row %s has five cells", row).hasSize(5);
      for (String code : DocTables.codes(row.get(0))) {
        if (NAME.matcher(code).matches()) {
          out.add(new Documented(code, row.get(2)));
        }
      }
    }
    assertThat(out).as("settings rows in docs/settings.md").isNotEmpty();
    return out;
  }

  /** A plain catalog name matches the same plain name; a glob matches a family of names. */
  private static boolean matches(SettingsCatalog.Entry e, Documented d) {
    if (e.name().indexOf('*') < 0) {
      return !d.isFamily() && e.name().equals(d.name());
    }
    return d.isFamily() && glob(e.name()).matcher(d.sample()).matches();
  }

  private static Pattern glob(String glob) {
    return Pattern.compile(
        String.join(".*", Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).toList()));
  }

  private static String process(SettingsCatalog.Entry e) {
    return e.process().equals("common") ? "both" : e.process();
  }
}
