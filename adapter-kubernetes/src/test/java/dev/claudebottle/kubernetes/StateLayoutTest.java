package dev.claudebottle.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.model.BottleId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateLayoutTest {
    private final StateLayout layout = new StateLayout("claude-bottle");

    @Test
    void eachBottleIsANamespaceNamedAfterTheInstance() {
        assertThat(layout.namespace(BottleId.of("demo"))).isEqualTo("claude-bottle-demo");
        assertThat(layout.namespaceLabels(BottleId.of("demo"))).containsEntry(StateLayout.BOTTLE_LABEL, "demo")
                .containsEntry(StateLayout.INSTANCE_LABEL, "claude-bottle");
    }

    @Test
    void aBottleTooLongForANamespaceIsRefusedSayingWhy() {
        BottleId longest = BottleId.of("a".repeat(63));

        assertThatThrownBy(() -> layout.namespace(longest)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Kubernetes allows 63").hasMessageContaining("77 characters");
    }

    @Test
    void instanceNamesAreDnsLabelsShortEnoughToLeaveRoomForABottle() {
        for (String bad : new String[] {"", "-a", "a-", "A", "a--b", "a_b", "a".repeat(41), "kube system"}) {
            assertThatThrownBy(() -> new StateLayout(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a state instance name");
        }
        assertThatThrownBy(() -> new StateLayout(null)).hasMessageContaining("null");
    }

    @Test
    void onlyANamespaceWhoseNameAndLabelsAgreeIsABottle() {
        Map<String, String> demo = layout.namespaceLabels(BottleId.of("demo"));

        assertThat(layout.bottleOf("claude-bottle-demo", demo)).contains(BottleId.of("demo"));
        // Labelled as demo but named otherwise (someone labelled a foreign namespace): not a bottle.
        assertThat(layout.bottleOf("kube-system", demo)).isEmpty();
        assertThat(layout.bottleOf("claude-bottle-demo", Map.of(StateLayout.BOTTLE_LABEL, "demo"))).isEmpty();
        assertThat(layout.bottleOf("claude-bottle-Evil", Map.of(StateLayout.INSTANCE_LABEL, "claude-bottle",
                StateLayout.BOTTLE_LABEL, "Evil"))).isEmpty();
        assertThat(new StateLayout("other").bottleOf("claude-bottle-demo", demo)).isEmpty();
        assertThat(layout.bottleOf("claude-bottle-demo", null)).isEmpty();
    }
}
