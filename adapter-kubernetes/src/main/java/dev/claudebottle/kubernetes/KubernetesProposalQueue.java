package dev.claudebottle.kubernetes;

import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.StoreProblem;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@link ProposalQueue} over {@code Proposal} objects, one per proposal, named by its id in its bottle's namespace.
 * Submitting is a create (the API server refuses a second object of the same name: idempotent); a decision or an
 * outcome is a status update carrying the {@code resourceVersion} that was read, so of two racing writers the API
 * server accepts one and the other re-reads and finds the first one's write. Waiting is a watch on the one object.
 * Holds no state in memory, so any number of processes on any number of machines share it.
 */
final class KubernetesProposalQueue implements ProposalQueue {
    private final KubernetesClient client;
    private final BottleNamespaces namespaces;

    KubernetesProposalQueue(KubernetesClient client, BottleNamespaces namespaces) {
        this.client = client;
        this.namespaces = namespaces;
    }

    @Override
    public QueueWrite submit(Proposal proposal) {
        String namespace = namespaces.ensure(proposal.bottle());
        GenericKubernetesResource resource = ProposalResource.of(proposal, namespace,
                Map.of(StateLayout.MANAGED_BY_LABEL, StateLayout.MANAGED_BY));
        try {
            proposals(namespace).resource(resource).create();
            return new QueueWrite.Written(ProposalRecord.queued(proposal));
        } catch (KubernetesClientException e) {
            if (!Failures.isConflict(e)) {
                throw Failures.of("could not queue proposal " + proposal.id() + " in namespace " + namespace, e);
            }
        }
        return new QueueWrite.AlreadyThere(find(proposal.bottle(), namespace, proposal.id()).orElseThrow(
                () -> new IllegalStateException("proposal " + proposal.id() + " was there a moment ago and is gone")));
    }

    @Override
    public Optional<ProposalRecord> find(ProposalId id) {
        return locate(id).map(located -> readOrFail(located.resource(), located.bottle()));
    }

    /** Reads a proposal object; one that does not read is a storage failure naming the object (see ProposalQueue). */
    private static ProposalRecord readOrFail(GenericKubernetesResource resource, BottleId bottle) {
        try {
            return ProposalResource.read(resource, bottle);
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    @Override
    public ProposalListing list() {
        BottleNamespaces.Listing bottles = namespaces.existing();
        List<ProposalRecord> records = new ArrayList<>();
        List<StoreProblem> problems = new ArrayList<>(bottles.problems());
        bottles.bottles().forEach((bottle, namespace) -> {
            GenericKubernetesResourceList items;
            try {
                items = proposals(namespace).list();
            } catch (KubernetesClientException e) {
                if (Failures.isNotFound(e)) {
                    return;
                }
                throw Failures.of("could not list the proposals in namespace " + namespace, e);
            }
            for (GenericKubernetesResource item : items.getItems()) {
                try {
                    records.add(ProposalResource.read(item, bottle));
                } catch (IllegalArgumentException e) {
                    problems.add(new StoreProblem("proposal " + namespace + "/" + item.getMetadata().getName(),
                            "proposal skipped: " + e.getMessage()));
                }
            }
        });
        return new ProposalListing(records, problems);
    }

    @Override
    public QueueWrite decide(ProposalId id, Decision decision) {
        return writeOnce(id, "decision", ProposalResource.decision(decision), ProposalRecord::decision);
    }

    @Override
    public QueueWrite recordOutcome(ProposalId id, Outcome outcome) {
        return writeOnce(id, "outcome", ProposalResource.outcome(outcome), ProposalRecord::outcome);
    }

    /** Writes {@code status.<field>} unless it is there, with optimistic concurrency: first writer wins. */
    private QueueWrite writeOnce(ProposalId id, String field, Map<String, Object> value,
            Function<ProposalRecord, Optional<?>> existing) {
        while (true) {
            Optional<Located> found = locate(id);
            if (found.isEmpty()) {
                return new QueueWrite.NoSuchProposal(id);
            }
            Located located = found.get();
            ProposalRecord record = readOrFail(located.resource(), located.bottle());
            if (existing.apply(record).isPresent()) {
                return new QueueWrite.AlreadyThere(record);
            }
            try {
                GenericKubernetesResource written = proposals(located.namespace())
                        .resource(ProposalResource.withStatus(located.resource(), field, value)).updateStatus();
                return new QueueWrite.Written(readOrFail(written, located.bottle()));
            } catch (KubernetesClientException e) {
                if (!Failures.isConflict(e)) {
                    throw Failures.of("could not record the " + field + " of " + id + " in namespace "
                            + located.namespace(), e);
                }
                // Someone else wrote this proposal since we read it: read again; their write may be the one that counts.
            }
        }
    }

    @Override
    public Optional<Outcome> awaitOutcome(ProposalId id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Located located = locate(id).orElseThrow(() -> new IllegalArgumentException("no proposal " + id));
        GenericKubernetesResource current = located.resource();
        while (true) {
            Optional<Outcome> outcome = readOrFail(current, located.bottle()).outcome();
            if (outcome.isPresent()) {
                return outcome;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Optional<GenericKubernetesResource> changed = nextChange(located.namespace(), current, left);
            if (changed.isEmpty()) {
                return Optional.empty();
            }
            current = changed.get();
        }
    }

    /**
     * The object's next version after {@code current}, from a watch started at its resourceVersion (so nothing
     * written in between is missed); empty when {@code nanos} pass first. A watch that ends early is restarted by
     * re-reading the object.
     */
    private Optional<GenericKubernetesResource> nextChange(String namespace, GenericKubernetesResource current, long nanos)
            throws InterruptedException {
        String name = current.getMetadata().getName();
        CompletableFuture<GenericKubernetesResource> next = new CompletableFuture<>();
        Watcher<GenericKubernetesResource> watcher = new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                if (action == Action.DELETED) {
                    next.completeExceptionally(new IllegalStateException("proposal " + namespace + "/" + name
                            + " was deleted while waiting for its outcome"));
                } else if (action == Action.ADDED || action == Action.MODIFIED) {
                    next.complete(resource);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                next.completeExceptionally(new WatchEnded());
            }
        };
        try (Watch watch = proposals(namespace).withName(name).watch(new ListOptionsBuilder()
                .withResourceVersion(current.getMetadata().getResourceVersion()).build(), watcher)) {
            return Optional.of(next.get(nanos, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WatchEnded) {
                GenericKubernetesResource again = get(namespace, name).orElseThrow(() -> new IllegalStateException(
                        "proposal " + namespace + "/" + name + " was deleted while waiting for its outcome"));
                return Optional.of(again);
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (KubernetesClientException e) {
            throw Failures.of("could not watch proposal " + namespace + "/" + name, e);
        }
    }

    private Optional<ProposalRecord> find(BottleId bottle, String namespace, ProposalId id) {
        return get(namespace, id.value()).map(resource -> readOrFail(resource, bottle));
    }

    private Optional<Located> locate(ProposalId id) {
        for (Map.Entry<BottleId, String> bottle : namespaces.existing().bottles().entrySet()) {
            Optional<GenericKubernetesResource> resource = get(bottle.getValue(), id.value());
            if (resource.isPresent()) {
                return Optional.of(new Located(bottle.getKey(), bottle.getValue(), resource.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<GenericKubernetesResource> get(String namespace, String name) {
        try {
            return Optional.ofNullable(proposals(namespace).withName(name).get());
        } catch (KubernetesClientException e) {
            throw Failures.of("could not read proposal " + namespace + "/" + name, e);
        }
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> proposals(String namespace) {
        return client.genericKubernetesResources(Kinds.PROPOSAL).inNamespace(namespace);
    }

    /** A proposal object as found, with its bottle and namespace. */
    private record Located(BottleId bottle, String namespace, GenericKubernetesResource resource) {}

    /** The watch closed before the object changed; the caller re-reads. */
    private static final class WatchEnded extends RuntimeException {
        WatchEnded() {
            super(null, null, false, false);
        }
    }
}
