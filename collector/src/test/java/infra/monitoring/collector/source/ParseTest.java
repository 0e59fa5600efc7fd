package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParseTest {

  @Test
  void fieldsSplitOnAnyWhitespaceRun() {
    assertThat(Parse.fields("  lo:  1 \t 2\n")).containsExactly("lo:", "1", "2");
    assertThat(Parse.fields("   ")).isEmpty();
    assertThat(Parse.fields("")).isEmpty();
  }

  @Test
  void numbersFailSoft() {
    assertThat(Parse.longOrNull(" 42\n")).isEqualTo(42L);
    assertThat(Parse.longOrNull("4x")).isNull();
    assertThat(Parse.longOrNull(null)).isNull();
    assertThat(Parse.doubleOrNull("NaN")).isNull();
    assertThat(Parse.doubleOrNull("2.5")).isEqualTo(2.5);
    assertThat(Parse.round(2.5961399999999997, 6)).isEqualTo(2.59614);
  }
}
