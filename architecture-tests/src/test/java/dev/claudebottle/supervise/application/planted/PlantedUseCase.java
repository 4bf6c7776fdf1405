package dev.claudebottle.supervise.application.planted;

/** A planted use case, in supervise-domain's application ring. */
public class PlantedUseCase {}
