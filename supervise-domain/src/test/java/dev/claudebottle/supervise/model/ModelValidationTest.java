package dev.claudebottle.supervise.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.routes.Sha256;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ModelValidationTest {
    private static final Sha256 BASE = Sha256.of(new byte[0]);
    private static final Sha256 CONTENT = Sha256.of(new byte[] {1});

    @ParameterizedTest
    @ValueSource(strings = {"demo", "a", "my-bottle-2", "0abc"})
    void acceptsSlugBottleNames(String name) {
        assertThat(BottleId.of(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Demo", "-demo", "demo-", "de--mo", "de_mo", "../etc", "a/b", "demo ", "é"})
    void rejectsBottleNamesThatAreNotSlugs(String name) {
        assertThatThrownBy(() -> BottleId.of(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a bottle name");
    }

    @Test
    void rejectsABottleNameLongerThan63Characters() {
        assertThatThrownBy(() -> BottleId.of("a".repeat(64))).isInstanceOf(IllegalArgumentException.class);
        assertThat(BottleId.of("a".repeat(63)).value()).hasSize(63);
    }

    @Test
    void derivesTheSameProposalIdFromTheSameProposal() {
        ProposalId first = ProposalId.derive(BottleId.of("demo"), ToolId.EGRESS_PROXY_BLOCK, BASE, CONTENT, 0);
        ProposalId again = ProposalId.derive(BottleId.of("demo"), ToolId.EGRESS_PROXY_BLOCK, BASE, CONTENT, 0);

        assertThat(first).isEqualTo(again);
        assertThat(first.value()).matches("p-[a-z2-7]{12}");
    }

    @Test
    void derivesDifferentIdsForAnotherBottleBaseContentOrAttempt() {
        ProposalId id = ProposalId.derive(BottleId.of("demo"), ToolId.EGRESS_PROXY_BLOCK, BASE, CONTENT, 0);

        assertThat(ProposalId.derive(BottleId.of("other"), ToolId.EGRESS_PROXY_BLOCK, BASE, CONTENT, 0)).isNotEqualTo(id);
        assertThat(ProposalId.derive(BottleId.of("demo"), ToolId.EGRESS_PROXY_BLOCK, CONTENT, CONTENT, 0)).isNotEqualTo(id);
        assertThat(ProposalId.derive(BottleId.of("demo"), ToolId.EGRESS_PROXY_BLOCK, BASE, BASE, 0)).isNotEqualTo(id);
        assertThat(ProposalId.derive(BottleId.of("demo"), ToolId.EGRESS_PROXY_BLOCK, BASE, CONTENT, 1)).isNotEqualTo(id);
    }

    @Test
    void rejectsMalformedProposalIds() {
        assertThatThrownBy(() -> ProposalId.parse("p-ABCDEFGHIJKL")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProposalId.parse("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProposalNeedsAJustification() {
        assertThatThrownBy(() -> proposalWithJustification("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("justification is required");
    }

    @Test
    void aRejectionNeedsAReason() {
        assertThatThrownBy(() -> new Decision.Reject(Operator.of("alice"), " ", Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
    }

    @Test
    void rejectsAConfigFileOverOneMebibyte() {
        assertThatThrownBy(() -> ConfigFile.of(new byte[ConfigFile.MAX_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }

    @Test
    void namesAuditActionsWithHyphenatedWords() {
        assertThat(AuditAction.APPLY_FAILED.word()).isEqualTo("apply-failed");
        assertThat(AuditAction.fromWord("rolled-back")).isEqualTo(AuditAction.ROLLED_BACK);
    }

    private static Proposal proposalWithJustification(String justification) {
        BottleId bottle = BottleId.of("demo");
        Instant created = Instant.parse("2026-11-24T06:00:00Z");
        return new Proposal(ProposalId.derive(bottle, ToolId.EGRESS_PROXY_BLOCK, BASE, CONTENT, 0), bottle,
                ToolId.EGRESS_PROXY_BLOCK, ConfigFile.of(new byte[] {1}), justification, BASE, Optional.empty(),
                created, created.plus(Proposal.DEFAULT_TTL));
    }
}
