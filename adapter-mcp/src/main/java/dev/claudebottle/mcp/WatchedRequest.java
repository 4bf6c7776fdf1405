package dev.claudebottle.mcp;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/** Tells the response when its exchange is over, so nothing is written to it afterwards (keep-alives). */
final class WatchedRequest extends HttpServletRequestWrapper {
    private final ProtocolResponse answer;

    WatchedRequest(HttpServletRequest request, ProtocolResponse answer) {
        super(request);
        this.answer = answer;
    }

    @Override
    public AsyncContext startAsync() {
        return watch(super.startAsync());
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return watch(super.startAsync(request, response));
    }

    private AsyncContext watch(AsyncContext async) {
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                answer.ended();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                answer.ended();
            }

            @Override
            public void onError(AsyncEvent event) {
                answer.ended();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // still the same exchange
            }
        });
        return async;
    }

    /** A GET without {@code Last-Event-ID}: there is nothing to replay, so it opens a fresh stream. */
    static final class WithoutLastEventId extends HttpServletRequestWrapper {
        WithoutLastEventId(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return "Last-Event-ID".equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaders(String name) {
            return "Last-Event-ID".equalsIgnoreCase(name) ? java.util.Collections.emptyEnumeration() : super.getHeaders(name);
        }
    }
}
