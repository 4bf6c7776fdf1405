package dev.claudebottle.local.planted;

/** A planted violation: an adapter with two public Guice modules (this and {@link SecondModule}). */
public class FirstModule extends com.google.inject.AbstractModule {}
