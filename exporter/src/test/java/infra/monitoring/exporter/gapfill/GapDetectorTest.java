package infra.monitoring.exporter.gapfill;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GapDetectorTest {
  private static final double NONE = Double.NaN;

  @Test
  void noGapIsReportedBeforeOneIntervalIsLearned() {
    GapDetector d = new GapDetector(30);
    assertThat(d.scraped(1000, NONE)).isNull();
    assertThat(d.scraped(5000, NONE)).isNull();
  }

  @Test
  void aPauseLongerThanThreeMedianIntervalsAndTheFloorIsAGapFromTheLastServedRecord() {
    GapDetector d = new GapDetector(30);
    double t = 1000;
    for (int i = 0; i < 10; i++, t += 15) {
      assertThat(d.scraped(t, t - 0.4)).isNull();
    }
    double last = t - 15;
    assertThat(d.scraped(last + 44, last + 44 - 0.4)).isNull(); // under 3 x 15
    Gap g = d.scraped(last + 44 + 46, last + 90 - 0.4);
    assertThat(g).isEqualTo(new Gap(last + 44 - 0.4, last + 90));
  }

  @Test
  void withAFastScraperTheFloorDecides() {
    GapDetector d = new GapDetector(30);
    double t = 0;
    for (int i = 0; i < 8; i++, t += 1) {
      d.scraped(t, NONE);
    }
    assertThat(d.threshold()).isEqualTo(30);
    assertThat(d.scraped(t - 1 + 29, NONE)).isNull();
    assertThat(d.scraped(t - 1 + 29 + 31, NONE)).isEqualTo(new Gap(t - 1 + 29, t - 1 + 60));
  }

  @Test
  void aScrapeIntervalChangedOnPurposeStopsCountingAsAGap() {
    GapDetector d = new GapDetector(1);
    double t = 0;
    for (int i = 0; i < 8; i++, t += 1) {
      d.scraped(t, NONE);
    }
    t -= 1;
    int gaps = 0;
    for (int i = 0; i < 10; i++) {
      t += 10;
      if (d.scraped(t, NONE) != null) {
        gaps++;
      }
    }
    // The median moves after half the window: the first scrapes at the new spacing are gaps.
    assertThat(gaps).isBetween(3, 5);
    assertThat(d.scraped(t + 10, NONE)).isNull();
  }

  @Test
  void aClockStepBackIsNeitherAGapNorLearned() {
    GapDetector d = new GapDetector(30);
    d.scraped(100, NONE);
    d.scraped(115, NONE);
    assertThat(d.scraped(50, NONE)).isNull();
    assertThat(d.threshold()).isEqualTo(45);
    assertThat(d.scraped(130, NONE)).isNull();
  }
}
