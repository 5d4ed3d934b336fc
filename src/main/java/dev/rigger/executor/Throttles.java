package dev.rigger.executor;

import dev.rigger.RiggerException;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * throttle: at most N hosts of a batch run one task step at a time, on top of forks (a throttle above forks changes
 * nothing), as Ansible's strategies limit the workers of that task. One semaphore per step, sized by the first host
 * that reaches it. Thread-safe.
 */
final class Throttles {
    private final Map<String, Semaphore> steps = new ConcurrentHashMap<>();

    /**
     * The throttle Ansible takes from a rendered value ({@code int(value)}); 0 or less means no limit.
     *
     * @throws RiggerException Ansible's message when the value is no integer
     */
    static int limit(Object rendered) {
        if (rendered == null) {
            return 0;
        }
        if (rendered instanceof Boolean b) {
            return b ? 1 : 0; // Python's int(True)
        }
        if (rendered instanceof BigInteger big) {
            return big.signum() <= 0 ? 0 : big.bitLength() > 31 ? Integer.MAX_VALUE : big.intValue();
        }
        if (rendered instanceof Number n) {
            return (int) Math.max(Math.min(n.doubleValue(), Integer.MAX_VALUE), Integer.MIN_VALUE);
        }
        try {
            return Integer.parseInt(String.valueOf(rendered).strip());
        } catch (NumberFormatException e) {
            throw new RiggerException("Failed to convert the throttle value to an integer. (throttle: '" + rendered
                    + "')");
        }
    }

    /**
     * Waits for a place among the hosts running step {@code id}, limited to {@code limit}.
     *
     * @return the semaphore to release when the host is done, or null when there is no limit
     */
    Semaphore acquire(String id, int limit) throws InterruptedException {
        if (limit <= 0) {
            return null;
        }
        Semaphore s = steps.computeIfAbsent(id, k -> new Semaphore(limit, true));
        s.acquire();
        return s;
    }
}
