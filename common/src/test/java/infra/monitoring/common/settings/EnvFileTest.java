package infra.monitoring.common.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {

  @Test
  void parsesTheOriginalsCases() {
    Map<String, String> m =
        EnvFile.parse(
            List.of("# comment", "", "FOO=bar", "QUOTED=\"baz\"", "EMPTY=", " SP = x "), ".env");
    assertThat(m)
        .containsExactly(
            Map.entry("FOO", "bar"),
            Map.entry("QUOTED", "baz"),
            Map.entry("EMPTY", ""),
            Map.entry("SP", "x"));
  }

  @Test
  void inlineCommentsAreCutOnlyOutsideQuotes() {
    Map<String, String> m =
        EnvFile.parse(
            List.of(
                "A=\"v\" # note",
                "B='x#y'",
                "C=plain # note",
                "D=url#fragment",
                "export E=1",
                "F=#only comment",
                "G='a; \"b\"'"),
            ".env");
    assertThat(m.get("A")).isEqualTo("v"); // the original gave v"
    assertThat(m.get("B")).isEqualTo("x#y");
    assertThat(m.get("C")).isEqualTo("plain");
    assertThat(m.get("D")).isEqualTo("url#fragment");
    assertThat(m.get("E")).isEqualTo("1");
    assertThat(m.get("F")).isEmpty();
    assertThat(m.get("G")).isEqualTo("a; \"b\"");
  }

  @Test
  void syntaxErrorsAreRefusedWithFileAndLine(@TempDir Path dir) throws Exception {
    Path env = dir.resolve("site.env");
    Files.writeString(env, "# settings\nMONITORING_INTERVAL_SEC=5\nno equals sign\n");
    assertThatThrownBy(() -> EnvFile.read(env))
        .isInstanceOf(ConfigException.class)
        .hasMessage(env + ", line 3: expected KEY=value, got 'no equals sign' (no '=')");
    Files.writeString(env, "A=1\nMONITORING_NETWORK_COMMANDS=\"nmcli networking on\n");
    assertThatThrownBy(() -> EnvFile.read(env))
        .hasMessageStartingWith(env + ", line 2: MONITORING_NETWORK_COMMANDS: the value")
        .hasMessageContaining("unclosed quote");
    Files.writeString(env, "A='x' y\n");
    assertThatThrownBy(() -> EnvFile.read(env)).hasMessageContaining("line 1: A:");
    Files.writeString(env, "MY KEY=1\n");
    assertThatThrownBy(() -> EnvFile.read(env))
        .hasMessage(env + ", line 1: 'MY KEY' is not a variable name");
  }

  @Test
  void missingFileIsEmpty(@TempDir Path dir) {
    assertThat(EnvFile.read(dir.resolve("nope.env"))).isEmpty();
  }
}
