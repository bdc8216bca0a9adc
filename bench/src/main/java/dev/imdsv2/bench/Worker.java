package dev.imdsv2.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The measured JVM of a fleet sweep, started by {@link FleetBenchmark} with
 * the deployed function's JVM options and the loopback in its environment.
 * It builds the rule's handler once, as a Lambda container's init does, then
 * runs what it is told on standard input, one line each:
 * {@code rule false|true} (a sweep, with ReportUnchanged), {@code naive}, or
 * {@code exit}; each answer is one {@code RESULT {json}} line on standard output.
 */
public final class Worker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Worker() {
    }

    public static void main(String[] args) throws Exception {
        SweepDriver rule = null;
        NaiveSweep naive = null;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("READY");
        System.out.flush();
        for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
            String[] words = line.trim().split("\\s+");
            Object result;
            if (words[0].equals("rule")) {
                if (rule == null) {
                    rule = new SweepDriver();
                }
                result = rule.sweep(words.length > 1 && Boolean.parseBoolean(words[1]));
            } else if (words[0].equals("naive")) {
                if (naive == null) {
                    naive = new NaiveSweep();
                }
                HeapPeak peak = HeapPeak.start();
                NaiveSweep.Outcome outcome = naive.sweep("bench-result-token");
                result = new Naive(outcome, peak.bytes());
            } else {
                throw new IllegalArgumentException("worker command must be rule, naive or exit; got '" + line + "'");
            }
            System.out.println("RESULT " + JSON.writeValueAsString(result));
            System.out.flush();
        }
        if (naive != null) {
            naive.close();
        }
    }

    /** A naive sweep's outcome with the heap it needed. */
    record Naive(NaiveSweep.Outcome outcome, long peakHeapBytes) {
    }
}
