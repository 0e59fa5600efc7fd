package infra.monitoring.common.settings;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.LogSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The {@code common} lines of settings-catalog.txt are exactly what the shared areas read (the
 * collector's and the exporter's lines are checked in their modules).
 */
class SettingsCatalogTest {

  @Test
  void commonLinesAreWhatTheSharedAreasRead() {
    SettingsSource s = SettingsSource.load(new String[0], Map.of(), List.of(), Path.of("/"));
    LogSettings.load(s);
    Set<String> asked = new TreeSet<>(s.asked());
    assertThat(SettingsCatalog.get().names("common"))
        .as("settings-catalog.txt should have these 'common' lines: %s", asked)
        .isEqualTo(asked);
  }

  @Test
  void everyLineNamesAKnownProcess() {
    assertThat(SettingsCatalog.get().entries())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.process()).isIn("common", "collector", "exporter"));
  }

  @Test
  void theShippedEnvExampleNamesEverySetting() throws IOException {
    String example = Files.readString(Path.of("../.env.example"));
    for (SettingsCatalog.Entry e : SettingsCatalog.get().entries()) {
      String name = e.name();
      if (name.contains("*") || ALIASES.contains(name)) {
        continue; // families are shown by example, aliases in comments
      }
      assertThat(example).as(".env.example names " + name).containsPattern("(?m)^#?" + name + "=");
    }
  }

  /** The original's spellings that the port also accepts; .env.example names them in comments. */
  private static final Set<String> ALIASES =
      Set.of("MONITORING_SUSTAINED_CRIT_SEC", "MONITORING_HTTP_PORT");

  @Test
  void globsMatchWholeNames() {
    assertThat(SettingsCatalog.globPattern("A_*_W").matcher("A_X_W").matches()).isTrue();
    assertThat(SettingsCatalog.globPattern("A_*_W").matcher("B_X_W").matches()).isFalse();
    assertThat(SettingsCatalog.globPattern("A_*_W").matcher("A_X_WX").matches()).isFalse();
    assertThat(SettingsCatalog.globPattern("A.*").matcher("AB").matches()).isFalse();
  }
}
