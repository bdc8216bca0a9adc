package dev.imdsv2.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The most heap a stretch of work used: the sum of every heap pool's peak
 * since {@link #start()}. Pools peak at different moments, so this is an
 * upper bound on what was ever live at once (garbage not yet collected
 * included).
 */
final class HeapPeak {

    private HeapPeak() {
    }

    static HeapPeak start() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .forEach(MemoryPoolMXBean::resetPeakUsage);
        return new HeapPeak();
    }

    long bytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed())
                .sum();
    }
}
