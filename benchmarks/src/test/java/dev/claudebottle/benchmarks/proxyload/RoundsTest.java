package dev.claudebottle.benchmarks.proxyload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundsTest {
    private static Result round(double throughput, double p99, long errors, String firstError) {
        return new Result("keep-alive", "squid", (long) throughput, errors, 1, throughput, "req/s", 1, p99, p99, 50, 60, 90,
                firstError, "1.0");
    }

    @Test
    void theMedianRoundIsTheMiddleByThroughputNotByOrderAndKeepsItsOwnLatencies() {
        Result fast = round(300, 1, 0, null);
        Result middle = round(200, 7, 0, null);
        Result slow = round(100, 50, 0, null);

        Rounds cell = Rounds.of(List.of(fast, slow, middle));

        assertThat(cell.median()).isSameAs(middle);
        assertThat(cell.median().p99Millis()).isEqualTo(7);
        assertThat(cell.min()).isEqualTo(100);
        assertThat(cell.max()).isEqualTo(300);
        assertThat(cell.count()).isEqualTo(3);
    }

    @Test
    void errorsOfEveryRoundCountEvenWhenTheMedianRoundHadNone() {
        Rounds cell = Rounds.of(List.of(round(300, 1, 0, null), round(200, 1, 0, ""), round(10, 1, 4, "status: HTTP/1.1 401")));

        assertThat(cell.median().errors()).isZero();
        assertThat(cell.errors()).isEqualTo(4);
        assertThat(cell.firstError()).isEqualTo("status: HTTP/1.1 401");
    }

    @Test
    void anEvenCountTakesTheLowerMiddleAndOneRoundIsItsOwnMedian() {
        assertThat(Rounds.of(List.of(round(4, 1, 0, null), round(1, 1, 0, null), round(3, 1, 0, null), round(2, 1, 0, null)))
                .median().throughput()).isEqualTo(2);
        Result only = round(5, 1, 0, null);
        Rounds one = Rounds.of(List.of(only));
        assertThat(one.median()).isSameAs(only);
        assertThat(one.min()).isEqualTo(5);
        assertThat(one.max()).isEqualTo(5);
    }

    @Test
    void roundsRunInterleavedAcrossTargetsAndEachTargetGetsItsOwnMedian() throws Exception {
        List<String> order = new java.util.ArrayList<>();
        var throughputs = java.util.Map.of("A", new double[] {10, 30, 20}, "B", new double[] {5, 1, 3}, "C", new double[] {7, 7, 9});

        var cells = Rounds.interleaved(List.of("A", "B", "C"), 3, (round, target) -> {
            order.add(target + round);
            return round(throughputs.get(target)[round - 1], round, 0, null);
        });

        assertThat(order).containsExactly("A1", "B1", "C1", "A2", "B2", "C2", "A3", "B3", "C3");
        assertThat(cells.keySet()).containsExactly("A", "B", "C");
        assertThat(cells.get("A").median().throughput()).isEqualTo(20);
        assertThat(cells.get("A").median().p99Millis()).isEqualTo(3); // the third round's own latency
        assertThat(cells.get("B").median().throughput()).isEqualTo(3);
        assertThat(cells.get("C").median().throughput()).isEqualTo(7);
        assertThat(cells.get("C").max()).isEqualTo(9);
    }

    @Test
    void aCellWithoutRoundsIsRefused() {
        assertThatThrownBy(() -> Rounds.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theGoClientsResultLineIsReadWithEscapedErrorText() {
        var fields = GoLoadClient.parse("{\"workload\":\"newconn\",\"count\":0,\"errors\":12,\"first_error\":\"tls: \\\"x\\\" \\u003cy\\u003e\","
                + "\"seconds\":1.5,\"throughput\":1.25e3,\"p50_ms\":0}");

        assertThat(fields).containsEntry("count", "0").containsEntry("errors", "12").containsEntry("seconds", "1.5")
                .containsEntry("throughput", "1.25e3").containsEntry("first_error", "tls: \"x\" <y>");
    }
}
