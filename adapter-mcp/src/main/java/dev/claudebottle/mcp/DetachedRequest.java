package dev.claudebottle.mcp;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A batch member's own request to the SDK servlet: its body (the member alone), and an async context
 * that completes nothing real — the member's answer is read from its {@link CapturedResponse} once
 * the servlet returns.
 */
final class DetachedRequest extends RequestWithBody {
    private final CapturedResponse response;
    private volatile AsyncContext async;

    DetachedRequest(HttpServletRequest request, byte[] body, CapturedResponse response) {
        super(request, body);
        this.response = response;
    }

    @Override
    public AsyncContext startAsync() {
        return startAsync(this, response);
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse servletResponse) {
        AsyncContext context = new MarkerAsync(request, servletResponse);
        async = context;
        return context;
    }

    @Override
    public boolean isAsyncStarted() {
        return async != null;
    }

    @Override
    public AsyncContext getAsyncContext() {
        return async;
    }

    /** Completion is all the SDK asks of it here; the member's response is read once the servlet returns. */
    private record MarkerAsync(ServletRequest request, ServletResponse response) implements AsyncContext {
        @Override
        public ServletRequest getRequest() {
            return request;
        }

        @Override
        public ServletResponse getResponse() {
            return response;
        }

        @Override
        public boolean hasOriginalRequestAndResponse() {
            return false;
        }

        @Override
        public void dispatch() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void dispatch(String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void dispatch(ServletContext context, String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void complete() {
            // nothing real to complete
        }

        @Override
        public void start(Runnable run) {
            Thread.ofVirtual().start(run);
        }

        @Override
        public void addListener(AsyncListener listener) {
            // a member never times out or fails on its own
        }

        @Override
        public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
            // as above
        }

        @Override
        public <T extends AsyncListener> T createListener(Class<T> type) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setTimeout(long timeout) {
            // none
        }

        @Override
        public long getTimeout() {
            return 0;
        }
    }
}
