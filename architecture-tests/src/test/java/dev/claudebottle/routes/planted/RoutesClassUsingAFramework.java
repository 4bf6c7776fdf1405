package dev.claudebottle.routes.planted;

/** A planted violation: routes-core code reaching for a framework (here ArchUnit itself). */
public class RoutesClassUsingAFramework {
    public String name(com.tngtech.archunit.core.domain.JavaClass type) {
        return type.getName();
    }
}
