package dev.claudebottle.routes.diff;

/** One changed aspect of a route (before a risk is assigned): its kind and the sentence that explains it. */
record Aspect(ChangeKind kind, String sentence) {}
