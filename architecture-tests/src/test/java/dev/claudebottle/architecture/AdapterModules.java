package dev.claudebottle.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * "Each adapter module exposes one public Guice Module": for each adapter package root, the public
 * classes that are Guice modules must be exactly one. adapter-kubernetes plays two roles, each wired on its own (the
 * state store, and the gateway in its {@code gateway} package), so it has two roots; a class counts for the most
 * specific root that holds it.
 */
final class AdapterModules {
    /** The adapter package roots wired by bottle-app through a Guice module. */
    static final Map<String, String> ADAPTERS = Map.of(
            "adapter-store", "dev.claudebottle.store",
            "adapter-kubernetes (store)", "dev.claudebottle.kubernetes",
            "adapter-kubernetes (gateway)", "dev.claudebottle.kubernetes.gateway",
            "adapter-docker", "dev.claudebottle.docker",
            "adapter-local", "dev.claudebottle.local",
            "adapter-mcp", "dev.claudebottle.mcp");

    private AdapterModules() {}

    /** One line per adapter that does not have exactly one public Guice module; empty when all do. */
    static List<String> violations(JavaClasses classes, Map<String, String> adapters) {
        List<String> violations = new ArrayList<>();
        adapters.forEach((module, root) -> {
            List<String> modules = classes.stream()
                    .filter(type -> within(type, root))
                    .filter(type -> adapters.values().stream().noneMatch(other -> other.length() > root.length()
                            && other.startsWith(root + ".") && within(type, other)))
                    .filter(type -> type.getModifiers().contains(JavaModifier.PUBLIC))
                    .filter(type -> type.isAssignableTo(com.google.inject.Module.class))
                    .map(JavaClass::getName)
                    .sorted()
                    .toList();
            if (modules.size() != 1) {
                violations.add(module + " (" + root + ") must expose exactly one public Guice module, has " + modules);
            }
        });
        return violations;
    }

    private static boolean within(JavaClass type, String root) {
        return type.getPackageName().equals(root) || type.getPackageName().startsWith(root + ".");
    }
}
