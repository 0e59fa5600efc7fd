package infra.monitoring.collector;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.collector.source.SourceRegistry;
import infra.monitoring.collector.treatment.TreatmentSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The source intervals and treatment cooldowns tables of docs/settings.md give exactly the
 * collector's defaults (the names and defaults of {@code MONITORING_METRIC_INTERVAL_<SOURCE>} and
 * {@code MONITORING_TREATMENT_COOLDOWN_<ACTION>}).
 */
class SettingsDefaultsDocTest {
  private static final Path DOC = Path.of("../docs/settings.md");
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\| ([0-9.]+)\\b");

  @Test
  void intervalsTableGivesEverySourceIntervalDefault() throws IOException {
    Map<String, Double> declared = new LinkedHashMap<>();
    SourceRegistry.DEFAULT_INTERVALS.forEach((k, v) -> declared.put(k.toUpperCase(Locale.ROOT), v));
    assertThat(documented("intervals")).isEqualTo(declared);
  }

  @Test
  void cooldownsTableGivesEveryActionsDefault() throws IOException {
    Map<String, Double> declared = new LinkedHashMap<>();
    TreatmentSettings.DEFAULT_COOLDOWNS.forEach(
        (k, v) -> declared.put(k.toUpperCase(Locale.ROOT), v.doubleValue()));
    assertThat(documented("cooldowns")).containsExactlyInAnyOrderEntriesOf(declared);
  }

  /** Name and number of each row of a checked section, in order. */
  private static Map<String, Double> documented(String section) throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    Matcher s =
        Pattern.compile("<!-- checked: " + section + " -->\n(.*?)<!-- end -->", Pattern.DOTALL)
            .matcher(doc);
    assertThat(s.find()).as("%s has a section <!-- checked: %s -->", DOC, section).isTrue();
    Map<String, Double> out = new LinkedHashMap<>();
    Matcher row = ROW.matcher(s.group(1));
    while (row.find()) {
      assertThat(out.put(row.group(1), Double.parseDouble(row.group(2))))
          .as("%s listed twice", row.group(1))
          .isNull();
    }
    return out;
  }
}
