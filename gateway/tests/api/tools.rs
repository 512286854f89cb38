use crate::helpers::spawn_app;
use patchbay_wire::ToolList;

#[tokio::test]
async fn a_fresh_gateway_lists_no_tools() {
    let app = spawn_app().await;
    let res = app.get("/v1/flow/tools").await;
    assert_eq!(res.status(), 200);
    let list: ToolList = res.json().await.unwrap();
    assert_eq!(list.total, 0);
    assert!(list.data.is_empty());
}
