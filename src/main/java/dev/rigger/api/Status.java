package dev.rigger.api;

/** The outcome of one task on one host, as counted in the recap. */
public enum Status { OK, CHANGED, FAILED, SKIPPED, UNREACHABLE }
