// Placeholder: the upload dialog lands with its own issue.
const app = document.getElementById('app');
if (app) {
  app.innerHTML =
    '<h2>쿠팡 파일 가져오기</h2><p>여기에서 WING에서 내려받은 파일을 끌어다 놓고 가져오게 됩니다.</p>' +
    '<p lang="en">Import Coupang files: drop the files you downloaded from WING here.</p>';
}
