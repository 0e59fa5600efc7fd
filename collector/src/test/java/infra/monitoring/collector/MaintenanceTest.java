package infra.monitoring.collector;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.collector.pipeline.MaintenanceTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  static MaintenanceTask task(String name, Duration every, Runnable body) {
    return new MaintenanceTask() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Duration interval() {
        return every;
      }

      @Override
      public void run(Instant now) {
        assertThat(now).isEqualTo(NOW); // the injected clock
        body.run();
      }
    };
  }

  @Test
  void runsEachTaskAtStartThenEveryIntervalAndSurvivesAFailure() throws Exception {
    List<String> runs = new CopyOnWriteArrayList<>();
    CountDownLatch thrice = new CountDownLatch(3);
    MaintenanceTask failing =
        task(
            "failing",
            Duration.ofMillis(20),
            () -> {
              runs.add("failing");
              thrice.countDown();
              throw new IllegalStateException("disk on fire");
            });
    MaintenanceTask daily = task("daily", Duration.ofDays(1), () -> runs.add("daily"));
    try (Maintenance m =
        new Maintenance(List.of(failing, daily), Clock.fixed(NOW, ZoneOffset.UTC))) {
      m.start();
      assertThat(thrice.await(10, TimeUnit.SECONDS))
          .as("a failing task keeps its schedule")
          .isTrue();
    }
    assertThat(runs).containsOnlyOnce("daily"); // once at start, not again within a day
  }

  @TempDir Path tmp;

  @Test
  void hostNameComesFromTheSettingThenTheMountedRootThenTheSystem() throws Exception {
    assertThat(HostName.resolve("  web-1 ", tmp)).isEqualTo("web-1");
    Files.createDirectories(tmp.resolve("etc"));
    Files.writeString(tmp.resolve("etc/hostname"), "the-host\n");
    assertThat(HostName.resolve(null, tmp)).isEqualTo("the-host");
    assertThat(HostName.resolve(null, null)).isNotBlank();
  }
}
