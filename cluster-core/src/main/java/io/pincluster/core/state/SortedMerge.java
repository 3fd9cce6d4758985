package io.pincluster.core.state;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Lazily merges iterators that are each sorted into one sorted iterator without duplicates, so a
 * query spanning several index buckets (all names with a prefix, several pin types) still pages in
 * CID order without materialising the buckets.
 */
final class SortedMerge<T extends Comparable<? super T>> implements Iterator<T> {
    private record Head<T extends Comparable<? super T>>(T value, Iterator<T> rest) implements Comparable<Head<T>> {
        @Override
        public int compareTo(Head<T> o) {
            return value.compareTo(o.value);
        }
    }

    private final PriorityQueue<Head<T>> heads = new PriorityQueue<>();
    private T last;

    private SortedMerge(List<Iterator<T>> sources) {
        for (Iterator<T> it : sources) {
            advance(it);
        }
    }

    static <T extends Comparable<? super T>> Iterator<T> of(List<Iterator<T>> sources) {
        return sources.size() == 1 ? sources.get(0) : new SortedMerge<>(sources);
    }

    static <T> Stream<T> stream(Iterator<T> it) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private void advance(Iterator<T> it) {
        if (it.hasNext()) {
            heads.add(new Head<>(it.next(), it));
        }
    }

    @Override
    public boolean hasNext() {
        while (!heads.isEmpty() && last != null && heads.peek().value.compareTo(last) == 0) {
            advance(heads.poll().rest);
        }
        return !heads.isEmpty();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Head<T> head = heads.poll();
        advance(head.rest);
        last = head.value;
        return last;
    }
}
