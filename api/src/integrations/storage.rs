//! Where media bytes live: an `object_store` — a local directory by default, an S3-compatible
//! bucket by configuration. Finished files are content-addressed (`blobs/ab/abcdef…`), chunks
//! of unfinished uploads are staged under `staging/{upload}/{n}`.

use std::{
    io::Read,
    path::{Path, PathBuf},
    sync::Arc,
    time::Duration,
};

use anyhow::Context;
use object_store::{
    Attribute, ObjectStore, PutMultipartOptions, WriteMultipart, aws::AmazonS3Builder,
    local::LocalFileSystem, path::Path as StorePath, signer::Signer,
};
use secrecy::ExposeSecret;

use crate::config::S3Settings;

#[derive(Debug, Clone)]
pub struct MediaStorage {
    pub store: Arc<dyn ObjectStore>,
    /// Presigns URLs where the store can (S3): files are then fetched from the bucket directly.
    signer: Option<Arc<dyn Signer>>,
    /// The directory of a local store, whose files are served by reading them directly:
    /// `object_store` streams local files in 8 KiB reads, half the throughput (bench P3).
    local_root: Option<PathBuf>,
    /// nginx's internal location of `local_root`, when nginx sends the local files.
    accel_prefix: Option<String>,
}

/// How much one blocking read of a local file takes: a player's typical range in one go.
const LOCAL_READ_BYTES: u64 = 1024 * 1024;

const PART_BYTES: usize = 5 * 1024 * 1024;

impl MediaStorage {
    pub fn local(root: &Path, accel_prefix: Option<&str>) -> anyhow::Result<Self> {
        std::fs::create_dir_all(root).with_context(|| format!("create {}", root.display()))?;
        let store = LocalFileSystem::new_with_prefix(root).context("media directory")?;
        Ok(Self {
            store: Arc::new(store),
            signer: None,
            local_root: Some(root.to_owned()),
            accel_prefix: accel_prefix.map(str::to_owned),
        })
    }

    pub fn s3(settings: &S3Settings) -> anyhow::Result<Self> {
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&settings.bucket)
            .with_region(&settings.region)
            .with_access_key_id(&settings.access_key_id)
            .with_secret_access_key(settings.secret_access_key.expose_secret())
            .with_virtual_hosted_style_request(!settings.path_style);
        if let Some(endpoint) = &settings.endpoint {
            builder =
                builder.with_allow_http(endpoint.starts_with("http://")).with_endpoint(endpoint);
        }
        let bucket = Arc::new(builder.build().context("S3 media bucket settings")?);
        Ok(Self {
            store: bucket.clone(),
            signer: Some(bucket),
            local_root: None,
            accel_prefix: None,
        })
    }

    /// A URL the bucket itself serves `path` at for `valid_for`, when the store is a bucket.
    pub async fn presigned_get(
        &self,
        path: &StorePath,
        valid_for: Duration,
    ) -> anyhow::Result<Option<String>> {
        let Some(signer) = &self.signer else { return Ok(None) };
        let url = signer
            .signed_url(reqwest::Method::GET, path, valid_for)
            .await
            .context("presign media URL")?;
        Ok(Some(url.to_string()))
    }

    /// Where `path` lives on disk, when the store is a local directory.
    pub fn local_file(&self, path: &StorePath) -> Option<PathBuf> {
        self.local_root.as_ref().map(|root| root.join(path.as_ref()))
    }

    /// The internal URI nginx sends `path` from (`X-Accel-Redirect`), when configured.
    pub fn accel_redirect(&self, path: &StorePath) -> Option<String> {
        self.accel_prefix.as_ref().map(|prefix| format!("{prefix}{}", path.as_ref()))
    }

    pub fn blob_path(sha256: &str) -> StorePath {
        StorePath::from(format!("blobs/{}/{sha256}", &sha256[..2]))
    }

    pub fn chunk_path(upload_id: &str, n: i64) -> StorePath {
        StorePath::from(format!("staging/{upload_id}/{n:08}"))
    }

    /// Stores a local file under `path` in parts, so a 150 MB video is never held in memory.
    /// A bucket also keeps the content type, to serve it with when fetched by presigned URL.
    pub async fn put_file(
        &self,
        path: &StorePath,
        file: &mut std::fs::File,
        content_type: &str,
    ) -> anyhow::Result<()> {
        let mut options = PutMultipartOptions::default();
        if self.signer.is_some() {
            options.attributes.insert(Attribute::ContentType, content_type.to_owned().into());
            // The bucket serves it by presigned URL: a PDF downloads there too (see handlers).
            if content_type == "application/pdf" {
                options.attributes.insert(Attribute::ContentDisposition, "attachment".into());
            }
        }
        let upload =
            self.store.put_multipart_opts(path, options).await.context("start media upload")?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
        let mut buffer = vec![0u8; 256 * 1024];
        loop {
            let read = file.read(&mut buffer).context("read staged media")?;
            if read == 0 {
                break;
            }
            writer.write(&buffer[..read]);
        }
        writer.finish().await.context("finish media upload")?;
        Ok(())
    }
}

/// Bytes `start..start + len` of a local file: opened, positioned and its first chunk read in
/// one blocking call (a player's typical 1 MiB range is then one hop off the runtime), the rest
/// in reads of up to [`LOCAL_READ_BYTES`]. Opening fails before any byte is promised.
pub async fn read_local(
    path: PathBuf,
    start: u64,
    len: u64,
) -> std::io::Result<impl futures_util::Stream<Item = std::io::Result<bytes::Bytes>>> {
    use std::io::{Seek, SeekFrom};

    use futures_util::StreamExt;
    let first_len = len.min(LOCAL_READ_BYTES);
    let (file, first) = tokio::task::spawn_blocking(move || {
        let mut file = std::fs::File::open(path)?;
        file.seek(SeekFrom::Start(start))?;
        let first = read_chunk(&mut file, first_len)?;
        Ok::<_, std::io::Error>((file, first))
    })
    .await
    .map_err(std::io::Error::other)??;
    let rest = futures_util::stream::try_unfold(
        (file, len - first_len),
        |(mut file, remaining)| async move {
            if remaining == 0 {
                return Ok(None);
            }
            let n = remaining.min(LOCAL_READ_BYTES);
            let (file, chunk) = tokio::task::spawn_blocking(move || {
                let chunk = read_chunk(&mut file, n)?;
                Ok::<_, std::io::Error>((file, chunk))
            })
            .await
            .map_err(std::io::Error::other)??;
            Ok(Some((chunk, (file, remaining - n))))
        },
    );
    Ok(futures_util::stream::once(std::future::ready(Ok(first))).chain(rest))
}

/// The next `n` bytes of `file` (read into fresh capacity: no zero-filling a buffer first).
fn read_chunk(file: &mut std::fs::File, n: u64) -> std::io::Result<bytes::Bytes> {
    let mut buffer = Vec::with_capacity(usize::try_from(n).map_err(std::io::Error::other)?);
    file.take(n).read_to_end(&mut buffer)?;
    if buffer.len() as u64 != n {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(bytes::Bytes::from(buffer))
}
