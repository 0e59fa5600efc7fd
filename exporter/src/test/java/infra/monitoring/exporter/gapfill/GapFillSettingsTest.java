package infra.monitoring.exporter.gapfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import infra.monitoring.common.settings.SettingsSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GapFillSettingsTest {
  @TempDir Path dir;

  static GapFillSettings load(Map<String, String> env) {
    return GapFillSettings.load(SettingsSource.of(env), "127.0.0.1", 8000);
  }

  private static Map<String, String> on(String... kv) {
    Map<String, String> m = new HashMap<>();
    m.put("MONITORING_GAPFILL_REMOTE_WRITE_URL", "http://127.0.0.1:9090/api/v1/write");
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void offWithoutAUrlAndPrometheusDefaultsWithOne() {
    assertThat(load(Map.of()).enabled()).isFalse();
    GapFillSettings s = load(on());
    assertThat(s.enabled()).isTrue();
    assertThat(s.job()).isEqualTo("infra-monitoring");
    assertThat(s.instance()).isEqualTo("127.0.0.1:8000");
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.batchSamples()).isEqualTo(2000);
    assertThat(s.minBackoff()).isEqualTo(Duration.ofMillis(30));
    assertThat(s.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.minGap()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.maxAge()).isNull();
  }

  @Test
  void theDefaultInstanceOfAWildcardAddressIsTheHostName() {
    assertThat(GapFillSettings.defaultInstance("0.0.0.0", 9100)).endsWith(":9100");
    assertThat(GapFillSettings.defaultInstance("0.0.0.0", 9100)).doesNotStartWith("0.0.0.0");
    assertThat(GapFillSettings.defaultInstance("::1", 9100)).isEqualTo("[::1]:9100");
  }

  @Test
  void badValuesAreRefusedNamingTheVariable() throws Exception {
    assertThatThrownBy(() -> load(Map.of("MONITORING_GAPFILL_REMOTE_WRITE_URL", "ftp://x/y")))
        .hasMessageStartingWith(
            "MONITORING_GAPFILL_REMOTE_WRITE_URL: expected an http:// or https:// URL");
    assertThatThrownBy(() -> load(on("MONITORING_GAPFILL_TLS_INSECURE_SKIP_VERIFY", "true")))
        .hasMessageStartingWith("MONITORING_GAPFILL_TLS_*: TLS settings need an https://");
    assertThatThrownBy(() -> load(on("MONITORING_GAPFILL_BEARER_TOKEN_FILE", "/nonexistent")))
        .hasMessage(
            "MONITORING_GAPFILL_BEARER_TOKEN_FILE: expected a readable file, got '/nonexistent'");
    Path f = dir.resolve("secret");
    Files.writeString(f, "x");
    assertThatThrownBy(
            () ->
                load(
                    on(
                        "MONITORING_GAPFILL_BEARER_TOKEN_FILE", f.toString(),
                        "MONITORING_GAPFILL_BASIC_AUTH_USERNAME", "u",
                        "MONITORING_GAPFILL_BASIC_AUTH_PASSWORD_FILE", f.toString())))
        .hasMessageContaining("set one of them, not both");
    assertThatThrownBy(() -> load(on("MONITORING_GAPFILL_BASIC_AUTH_USERNAME", "u")))
        .hasMessageContaining("go together");
    assertThatThrownBy(
            () ->
                load(
                    on(
                        "MONITORING_GAPFILL_MIN_BACKOFF", "10s",
                        "MONITORING_GAPFILL_MAX_BACKOFF", "1s")))
        .hasMessageStartingWith("MONITORING_GAPFILL_MAX_BACKOFF: expected a duration ≥");
    assertThatThrownBy(() -> load(on("MONITORING_GAPFILL_MIN_GAP", "soon")))
        .hasMessageStartingWith("MONITORING_GAPFILL_MIN_GAP: expected a duration");
  }
}
