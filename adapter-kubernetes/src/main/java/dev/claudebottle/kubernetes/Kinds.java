package dev.claudebottle.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The custom resource kinds of {@code crds.yaml}, group {@code claudebottle.dev}, version v1. */
final class Kinds {
    static final String GROUP = "claudebottle.dev";
    static final String VERSION = "v1";
    static final ResourceDefinitionContext PROPOSAL = kind("Proposal", "proposals");
    static final ResourceDefinitionContext AUDIT_RECORD = kind("AuditRecord", "auditrecords");
    static final ResourceDefinitionContext APPLIED_VERSION = kind("AppliedVersion", "appliedversions");

    private Kinds() {}

    private static ResourceDefinitionContext kind(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(VERSION).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    static String apiVersion() {
        return GROUP + "/" + VERSION;
    }
}
