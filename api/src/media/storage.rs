//! Where media bytes live: an `object_store` (a local directory by default). Finished files
//! are content-addressed (`blobs/ab/abcdef…`), chunks of unfinished uploads are staged under
//! `staging/{upload}/{n}`.

use std::{io::Read, path::Path, sync::Arc};

use anyhow::Context;
use object_store::{ObjectStore, WriteMultipart, local::LocalFileSystem, path::Path as StorePath};

#[derive(Debug, Clone)]
pub struct MediaStorage {
    pub store: Arc<dyn ObjectStore>,
}

const PART_BYTES: usize = 5 * 1024 * 1024;

impl MediaStorage {
    pub fn local(root: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(root).with_context(|| format!("create {}", root.display()))?;
        let store = LocalFileSystem::new_with_prefix(root).context("media directory")?;
        Ok(Self { store: Arc::new(store) })
    }

    pub fn blob_path(sha256: &str) -> StorePath {
        StorePath::from(format!("blobs/{}/{sha256}", &sha256[..2]))
    }

    pub fn chunk_path(upload_id: &str, n: i64) -> StorePath {
        StorePath::from(format!("staging/{upload_id}/{n:08}"))
    }

    /// Stores a local file under `path` in parts, so a 150 MB video is never held in memory.
    pub async fn put_file(&self, path: &StorePath, file: &mut std::fs::File) -> anyhow::Result<()> {
        let upload = self.store.put_multipart(path).await.context("start media upload")?;
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
