package infra.monitoring.common.docs;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.metric.Metric;
import infra.monitoring.common.metric.RecordList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/feed.md's key tables name exactly what the record declares: every scalar and list of {@code
 * metrics} plus the {@code collector} block, every scalar and list of the block, and the fields of
 * every list's rows in feed order.
 */
class FeedDocTest {

  @Test
  void keysTableNamesEveryScalarAndListOfMetricsAndTheCollectorBlock() throws IOException {
    List<String> expected = keys(Metric.Section.METRICS);
    expected.add("collector");
    assertThat(firstCellCodes("feed-keys")).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void collectorTableNamesEveryScalarAndListOfTheBlock() throws IOException {
    assertThat(firstCellCodes("collector-keys"))
        .containsExactlyInAnyOrderElementsOf(keys(Metric.Section.COLLECTOR));
  }

  @Test
  void listTableGivesEveryListsRowFieldsInFeedOrder() throws IOException {
    Map<String, List<String>> documented = new LinkedHashMap<>();
    for (List<String> row : DocTables.rows(DocTables.section("feed.md", "list-fields"))) {
      List<String> list = DocTables.codes(row.get(0));
      assertThat(list).as("first cell of %s", row).hasSize(1);
      assertThat(documented.put(list.get(0), DocTables.codes(row.get(1))))
          .as("%s listed twice", list.get(0))
          .isNull();
    }
    Map<String, List<String>> declared = new LinkedHashMap<>();
    for (RecordList l : RecordList.values()) {
      List<String> fields = new ArrayList<>(List.of(l.idKey()));
      Metric.of(l.section(), l).forEach(m -> fields.add(m.key()));
      declared.put(l.key(), fields);
    }
    assertThat(documented).isEqualTo(declared);
  }

  /** The scalars and the lists of one section, as JSON keys. */
  private static List<String> keys(Metric.Section section) {
    List<String> out = new ArrayList<>();
    Metric.of(section, null).forEach(m -> out.add(m.key()));
    for (RecordList l : RecordList.values()) {
      if (l.section() == section) {
        out.add(l.key());
      }
    }
    return out;
  }

  private static List<String> firstCellCodes(String section) throws IOException {
    List<String> out = new ArrayList<>();
    for (List<String> row : DocTables.rows(DocTables.section("feed.md", section))) {
      out.addAll(DocTables.codes(row.get(0)));
    }
    return out;
  }
}
