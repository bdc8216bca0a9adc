package dev.imdsv2.bench;

/**
 * EC2's request bucket as AWS documents it: a burst capacity that refills at
 * a steady rate; a call that finds it empty is refused, not queued.
 */
public final class TokenBucket {

    private final double capacity;
    private final double refillPerSecond;
    private double tokens;
    private long last;

    public TokenBucket(int capacity, int refillPerSecond) {
        this.capacity = capacity;
        this.refillPerSecond = refillPerSecond;
        this.tokens = capacity;
        this.last = System.nanoTime();
    }

    /** EC2's bucket for non-mutating actions such as Describe*: 100 burst, 20 a second. */
    public static TokenBucket ec2Describe() {
        return new TokenBucket(100, 20);
    }

    public synchronized boolean tryTake() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) / 1e9 * refillPerSecond);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Full again, as after a quiet minute. */
    public synchronized void refill() {
        tokens = capacity;
        last = System.nanoTime();
    }
}
