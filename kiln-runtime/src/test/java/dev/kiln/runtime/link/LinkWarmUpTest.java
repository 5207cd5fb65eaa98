package dev.kiln.runtime.link;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LinkWarmUp} swallows every failure (the link itself reports them), so a warm-up that silently stopped doing
 * its work (a class file it no longer finds, a digest it cannot make) would only show as a slower start: this test
 * makes that visible.
 */
class LinkWarmUpTest {
    @Test
    void everyPartOfTheWarmUpRuns() {
        assertTrue(LinkWarmUp.prepare());
        assertTrue(LinkWarmUp.prepare(), "idempotent: a second thread finds the set-up done");
    }
}
