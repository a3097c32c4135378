//! Connections as the server wraps them: one that gives up on a client that reads nothing (a
//! write that cannot make progress for `idle` fails, so the server drops the connection and
//! frees what it held for it: a download's buffers, the task writing it); one that gives back
//! bytes already read before reading the socket.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

pub struct SendDeadline<S> {
    inner: S,
    idle: Duration,
    /// Running while a write waits for the client; reset by any progress.
    timer: Option<Pin<Box<Sleep>>>,
}

impl<S> SendDeadline<S> {
    pub fn new(inner: S, idle: Duration) -> SendDeadline<S> {
        SendDeadline { inner, idle, timer: None }
    }

    /// What a write that returned `poll` means, given how long it has been waiting.
    fn waited<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        match poll {
            Poll::Ready(r) => {
                self.timer = None;
                Poll::Ready(r)
            }
            Poll::Pending => {
                let idle = self.idle;
                let timer = self.timer.get_or_insert_with(|| Box::pin(tokio::time::sleep(idle)));
                match timer.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the client took nothing of the response for too long",
                    ))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for SendDeadline<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for SendDeadline<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.waited(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.waited(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_flush(cx);
        self.waited(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// A connection whose first bytes were already read (by [`crate::front`]): reads give those
/// back first, then what the socket has.
pub struct Rewind<S> {
    read: Vec<u8>,
    from: usize,
    inner: S,
}

impl<S> Rewind<S> {
    pub fn new(inner: S, read: Vec<u8>) -> Rewind<S> {
        Rewind { read, from: 0, inner }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Rewind<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        if self.from < self.read.len() {
            let n = buf.remaining().min(self.read.len() - self.from);
            let from = self.from;
            buf.put_slice(&self.read[from..from + n]);
            self.from += n;
            if self.from == self.read.len() {
                self.read = Vec::new();
                self.from = 0;
            }
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Rewind<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;

    #[tokio::test(start_paused = true)]
    async fn a_client_that_reads_nothing_is_given_up_on() {
        // A pipe of 64 bytes the other end never reads: writing a download blocks at once.
        let (ours, mut theirs) = tokio::io::duplex(64);
        let mut conn = SendDeadline::new(ours, Duration::from_secs(30));
        let err = conn.write_all(&[b'x'; 1 << 20]).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        // A client that reads slowly but steadily is never cut off.
        let (ours, theirs_slow) = tokio::io::duplex(64);
        let mut conn = SendDeadline::new(ours, Duration::from_secs(30));
        let reader = tokio::spawn(async move {
            let mut theirs_slow = theirs_slow;
            let mut buf = [0u8; 64];
            let mut got = 0;
            while got < 4096 {
                tokio::time::sleep(Duration::from_secs(20)).await;
                got += tokio::io::AsyncReadExt::read(&mut theirs_slow, &mut buf).await.unwrap();
            }
        });
        conn.write_all(&[b'y'; 4096]).await.expect("progress every 20 s keeps it going");
        reader.await.unwrap();
        let _ = &mut theirs;
    }
}
