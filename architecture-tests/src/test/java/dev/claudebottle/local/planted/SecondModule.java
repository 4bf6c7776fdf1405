package dev.claudebottle.local.planted;

/** A planted violation: the second public Guice module of one adapter. */
public class SecondModule extends com.google.inject.AbstractModule {}
