// POST /api/uploads from the browser, with upload progress (fetch cannot report it for a request body).
import type { UploadAnswer } from '../../../shared/schemas/imports';

export type { UploadAnswer };

export function uploadSpreadsheet(file: File, onProgress: (fraction: number) => void): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    xhr.withCredentials = true;
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as (UploadAnswer & { message?: string }) | null;
      if (xhr.status === 201 && body) resolve(body);
      else reject(new Error(body?.message ?? `The upload failed (${xhr.status}).`));
    };
    xhr.onerror = () => reject(new Error('The upload did not reach the server. Check your connection and try again.'));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
