package dev.claudebottle.routes;

/** Whether a request may pass. */
public enum Verdict { ALLOW, DENY }
