package dev.claudebottle.supervise.planted;

/** A planted violation: supervise-domain code depending on something outside java.., jakarta.inject and routes-core. */
public class DomainClassUsingAFramework {
    public Object engine(com.tngtech.archunit.core.domain.JavaClass type) {
        return type;
    }
}
