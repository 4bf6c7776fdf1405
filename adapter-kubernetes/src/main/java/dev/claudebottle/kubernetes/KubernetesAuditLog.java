package dev.claudebottle.kubernetes;

import dev.claudebottle.statejson.AuditLines;
import dev.claudebottle.supervise.model.AuditListing;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.StoreProblem;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AuditLog} as {@code AuditRecord} objects in each bottle's namespace, one per entry, named
 * {@code a-<sequence>}: each bottle's chain is a gap-free {@link Sequence}. An append reads the last entry, chains
 * onto its hash and creates the next name; a writer that lost a race for a number re-reads and chains onto the
 * winner. The API server stores the object once it answers, so an append is durable when it returns. Verifying
 * reads what is on the API server, so it works from any machine.
 */
final class KubernetesAuditLog implements AuditLog {
    private static final String PREFIX = "a-";

    private final BottleNamespaces namespaces;
    private final Sequence sequence;

    KubernetesAuditLog(KubernetesClient client, BottleNamespaces namespaces) {
        this.namespaces = namespaces;
        this.sequence = new Sequence(client, Kinds.AUDIT_RECORD, PREFIX);
    }

    @Override
    public AuditRecord append(AuditEntry entry) {
        String namespace = namespaces.ensure(entry.bottle());
        try {
            GenericKubernetesResource created = sequence.append(namespace, (number, previous) -> {
                String previousHash = previous.map(p -> decode(namespace, p).hash()).orElse(AuditRecord.GENESIS);
                return resource(number, AuditLines.encode(number, entry, previousHash).text());
            });
            return decode(namespace, created);
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("could not append to the audit log of bottle " + entry.bottle()
                    + ": its last entry is unreadable (" + e.getMessage() + "); run `bottle audit verify`", e));
        }
    }

    private static GenericKubernetesResource resource(long number, String line) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion(Kinds.apiVersion());
        resource.setKind(Kinds.AUDIT_RECORD.getKind());
        resource.setMetadata(new ObjectMetaBuilder()
                .withLabels(Map.of(StateLayout.MANAGED_BY_LABEL, StateLayout.MANAGED_BY)).build());
        resource.setAdditionalProperty("spec", Map.of("seq", number, "line", line));
        return resource;
    }

    private AuditRecord decode(String namespace, GenericKubernetesResource resource) {
        String where = "auditrecord " + namespace + "/" + resource.getMetadata().getName();
        String line = lineOf(resource.getAdditionalProperties().get("spec"))
                .orElseThrow(() -> new IllegalArgumentException(where + " has no spec.line"));
        try {
            return AuditLines.decode(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public AuditListing read(Optional<BottleId> bottle) {
        List<AuditRecord> records = new ArrayList<>();
        List<StoreProblem> problems = new ArrayList<>();
        BottleNamespaces.Listing listing = namespaces.existing();
        problems.addAll(listing.problems());
        listing.bottles().forEach((id, namespace) -> {
            if (bottle.isPresent() && !bottle.get().equals(id)) {
                return;
            }
            for (GenericKubernetesResource item : sequence.all(namespace)) {
                try {
                    records.add(decode(namespace, item));
                } catch (IllegalArgumentException e) {
                    problems.add(new StoreProblem("auditrecord " + namespace + "/" + item.getMetadata().getName(),
                            e.getMessage()));
                }
            }
        });
        records.sort(AuditRecord.LISTING_ORDER);
        return new AuditListing(records, problems);
    }

    @Override
    public AuditVerification verify() {
        long entries = 0;
        for (Map.Entry<BottleId, String> each : namespaces.existing().bottles().entrySet()) {
            String namespace = each.getValue();
            List<GenericKubernetesResource> items = new ArrayList<>(sequence.all(namespace));
            items.sort(Comparator.comparing(item -> item.getMetadata().getName()));
            String previous = AuditRecord.GENESIS;
            long expected = 1;
            for (GenericKubernetesResource item : items) {
                String location = "auditrecord " + namespace + "/" + item.getMetadata().getName();
                if (!item.getMetadata().getName().equals(sequence.name(expected))) {
                    return new AuditVerification.Broken(location, expected, "expected " + sequence.name(expected)
                            + " here: an entry is missing or a foreign object was added");
                }
                AuditRecord record;
                try {
                    record = decode(namespace, item);
                } catch (IllegalArgumentException e) {
                    return new AuditVerification.Broken(location, expected, e.getMessage());
                }
                Optional<String> problem = problem(record, each.getKey(), expected, previous);
                if (problem.isPresent()) {
                    return new AuditVerification.Broken(location, expected, problem.get());
                }
                previous = record.hash();
                expected++;
                entries++;
            }
        }
        return new AuditVerification.Intact(entries, List.of());
    }

    private static Optional<String> problem(AuditRecord record, BottleId bottle, long expected, String previous) {
        if (record.sequence() != expected) {
            return Optional.of("sequence " + record.sequence() + " where " + expected + " was expected");
        }
        if (!record.previousHash().equals(previous)) {
            return Optional.of("does not link to the entry before it (prev hash differs)");
        }
        if (!record.entry().bottle().equals(bottle)) {
            return Optional.of("belongs to bottle " + record.entry().bottle() + ", found in the chain of " + bottle);
        }
        return Optional.empty();
    }

    private static Optional<String> lineOf(Object spec) {
        return spec instanceof Map<?, ?> map && map.get("line") instanceof String line ? Optional.of(line) : Optional.empty();
    }
}
