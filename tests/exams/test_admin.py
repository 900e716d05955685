"""The exam admin's pages in Wagtail, driven through the Django test client as a 考务管理员."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exams.models import Blueprint, Question, QuestionImport

from .conftest import xlsx_bytes

HEADER = ["编号", "题型", "题干", "选项A", "选项B", "选项C", "答案", "章节"]


@pytest.fixture
def admin_client(client, exam_admin):
    client.force_login(exam_admin)
    return client


def _upload(client, bank, rows, name="题库.xlsx"):
    upload = SimpleUploadedFile(name, xlsx_bytes(rows).getvalue())
    return client.post(reverse("exams_admin:import_upload"), {"bank": bank.pk, "file": upload})


def test_import_flow_problems_then_fix_then_confirm(admin_client, make_bank, django_capture_on_commit_callbacks):
    bank = make_bank(code="flow")
    bad = [
        HEADER,
        ["F1", "单选题", "题干一", "甲", "乙", "", "C", "法律法规"],
        ["F2", "判断题", "题干二", "", "", "", "对", "法律法规"],
    ]
    with django_capture_on_commit_callbacks(execute=True):  # the check runs as a task after commit
        response = _upload(admin_client, bank, bad)
    job = QuestionImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exams_admin:import_detail", args=[job.pk])
    page = admin_client.get(response["Location"]).content.decode()
    assert QuestionImport.objects.get().status == "invalid"
    assert "发现 1 个问题，未导入任何试题" in page
    assert "第 2 行" in page and "答案（G 列）" in page and "答案中的 C 没有对应的选项内容" in page
    assert not Question.objects.filter(bank=bank).exists()
    # A tampered confirm on an invalid file changes nothing.
    admin_client.post(reverse("exams_admin:import_confirm", args=[job.pk]))
    assert not Question.objects.filter(bank=bank).exists()

    good = [
        HEADER,
        ["F1", "单选题", "题干一", "甲", "乙", "丙", "C", "法律法规"],
        ["F2", "判断题", "题干二", "", "", "", "对", "法律法规"],
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(admin_client, bank, good)
    job = QuestionImport.objects.latest("pk")
    page = admin_client.get(response["Location"]).content.decode()
    assert job.status == "valid"
    assert "检查通过，请确认" in page and "新建试题：2 道" in page
    assert not Question.objects.filter(bank=bank).exists()  # the preview wrote nothing

    status = admin_client.get(reverse("exams_admin:import_status", args=[job.pk])).json()
    assert status["running"] is False and status["status"] == "valid"

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("exams_admin:import_confirm", args=[job.pk]))
        admin_client.post(reverse("exams_admin:import_confirm", args=[job.pk]))  # a double click
    page = admin_client.get(response["Location"]).content.decode()
    assert "导入完成：新建 2 道，更新 0 道，未变 0 道" in page
    assert Question.objects.filter(bank=bank).count() == 2
    assert Question.objects.get(bank=bank, external_id="F1").answer == "C"


def test_upload_of_unsupported_file_type_is_refused(admin_client, make_bank):
    bank = make_bank(code="bad")
    response = admin_client.post(
        reverse("exams_admin:import_upload"), {"bank": bank.pk, "file": SimpleUploadedFile("x.doc", b"hello")}
    )
    assert response.status_code == 200
    assert "只支持 .xlsx" in response.content.decode()
    assert not QuestionImport.objects.exists()


def test_bank_and_filtered_exports(admin_client, make_bank):
    from openpyxl import load_workbook

    bank = make_bank(code="exp", true_false=3, single=2)
    response = admin_client.get(reverse("exams_admin:bank_export", args=[bank.pk, "xlsx"]))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True)["题库"].iter_rows(values_only=True))
    assert len(rows) == 6
    response = admin_client.get(reverse("exams_admin:questions_export") + f"?bank={bank.pk}&type=single")
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True)["题库"].iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["单选题", "单选题"]
    gift = b"".join(admin_client.get(reverse("exams_admin:bank_export", args=[bank.pk, "gift"])).streaming_content)
    assert gift.decode().count("::exp-") == 5


def test_question_list_filters_search_and_query_budget(admin_client, make_bank, django_assert_max_num_queries):
    bank = make_bank(code="list", true_false=30, single=30, multiple=10)
    make_bank(code="other", single=5)
    url = reverse("exams_questions:index")
    with django_assert_max_num_queries(18):
        response = admin_client.get(url, {"bank": bank.pk, "type": "single"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "list 第31题" in page and "other 第" not in page and "list 第1题" not in page
    response = admin_client.get(url, {"q": "other 第3题"})
    assert "other 第3题" in response.content.decode()
    assert "导出当前筛选（Excel）" in page


def test_question_edit_form_validates_answer_against_options(admin_client, make_bank):
    bank = make_bank(code="edit", single=1)
    question = bank.questions.get()
    url = reverse("exams_questions:edit", args=[question.pk])
    data = {
        "bank": bank.pk, "chapter": question.chapter_id, "external_id": question.external_id, "type": "single",
        "stem": "新的题干", "answer": "E", "explanation": "", "difficulty": 3, "is_active": "on",
        "option_A": "甲", "option_B": "乙", "option_C": "丙", "option_D": "丁",
    }  # fmt: skip
    response = admin_client.post(url, data)
    assert response.status_code == 200
    question.refresh_from_db()
    assert question.stem != "新的题干"
    data["answer"] = "d"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.stem, question.answer, question.options) == ("新的题干", "D", ["甲", "乙", "丙", "丁"])


def test_blueprint_edit_refuses_small_bank_and_saves_when_enough(admin_client, bank_with_paper):
    _bank, subject, _blueprint = bank_with_paper
    url = reverse("exams_admin:blueprint_add") + f"?subject={subject.pk}"
    data = {
        "name": "新规则", "effective_from": "2026-06-01",
        "shuffle_options": "on", "attempts_allowed": 0, "is_active": "on",
        "rules-TOTAL_FORMS": 2, "rules-INITIAL_FORMS": 2, "rules-MIN_NUM_FORMS": 0, "rules-MAX_NUM_FORMS": 1000,
        "rules-0-question_type": "true_false", "rules-0-count": 10, "rules-0-points": 1,
        "rules-1-question_type": "single", "rules-1-count": 30, "rules-1-points": 1,
    }  # fmt: skip
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "第 2 行：题库中符合条件的单选题只有 10 道，需要 30 道" in response.content.decode()
    assert not Blueprint.objects.filter(effective_from=datetime.date(2026, 6, 1)).exists()
    data["rules-1-count"] = 10
    response = admin_client.post(url, data)
    # 10 + 10 points do not make the rule's 30 full marks: refused, with both totals.
    assert "各行合计 20 分，与 2026-06-01 生效的考试规则满分 30 分不一致" in response.content.decode()
    data["rules-1-points"] = 2
    response = admin_client.post(url, data)
    assert response.status_code == 302
    blueprint = Blueprint.objects.get(effective_from=datetime.date(2026, 6, 1))
    assert [(r.question_type, r.count) for r in blueprint.rules.all()] == [("true_false", 10), ("single", 10)]


def test_statistics_page_and_results_export(admin_client, bank_with_paper):
    response = admin_client.get(reverse("exams_admin:statistics"))
    assert response.status_code == 200
    assert "还没有统计结果" in response.content.decode()
    response = admin_client.post(reverse("exams_admin:statistics_refresh"))
    assert response.status_code == 302
    response = admin_client.get(reverse("exams_admin:results_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_snippet_bank_list_and_attempts_are_read_only(admin_client, make_bank):
    make_bank(code="snip")
    response = admin_client.get(reverse("wagtailsnippets_exams_questionbank:list"))
    assert response.status_code == 200 and "snip" in response.content.decode()
    assert admin_client.get(reverse("exams_attempts:index")).status_code == 200
    assert admin_client.get(reverse("exams_attempts:add")).status_code in (302, 403)


def test_pages_refuse_users_without_the_role(client, django_user_model, make_bank):
    user = django_user_model.objects.create_user(username="nobody", email="n@example.com", is_staff=True)
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name="培训管理员"))
    client.force_login(user)
    assert client.get(reverse("exams_admin:import_upload")).status_code in (302, 403)
    assert client.get(reverse("exams_admin:statistics")).status_code in (302, 403)
    assert not user.has_perm("exams.add_question")


def test_filtered_export_by_chapter_includes_sub_chapters(admin_client, make_bank):
    from openpyxl import load_workbook

    from exams.models import Chapter

    bank = make_bank(code="chx", single=4, chapters=("法律法规/安全生产法", "专业知识"))
    laws = Chapter.objects.get(bank=bank, path="法律法规")
    response = admin_client.get(reverse("exams_admin:questions_export") + f"?chapter={laws.pk}")
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True)["题库"].iter_rows(values_only=True))
    assert {row[-1] for row in rows[1:]} == {"法律法规/安全生产法"} and len(rows) == 3


def test_every_admin_page_renders_for_an_exam_admin(admin_client, bank_with_paper, django_user_model):
    from exams.models import Chapter
    from exams.services.statistics import statistics_compute

    bank, subject, blueprint = bank_with_paper
    statistics_compute()
    chapter = Chapter.objects.filter(bank=bank).first()
    question = bank.questions.first()
    urls = [
        reverse("exams_admin:banks_overview"),
        reverse("exams_admin:import_upload"),
        reverse("exams_admin:blueprint_list"),
        reverse("exams_admin:blueprint_edit", args=[blueprint.pk]),
        reverse("exams_admin:statistics"),
        reverse("exams_chapters:index"),
        reverse("exams_chapters:add"),
        reverse("exams_chapters:edit", args=[chapter.pk]),
        reverse("exams_questions:add"),
        reverse("exams_questions:edit", args=[question.pk]),
        reverse("exams_subjects:index"),
        reverse("exams_subjects:edit", args=[subject.pk]),
        reverse("exams_rules:index"),
        reverse("wagtailsnippets_exams_questionbank:edit", args=[bank.pk]),
        reverse("wagtailadmin_home"),
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    page = admin_client.get(reverse("exams_admin:blueprint_edit", args=[blueprint.pk])).content.decode()
    assert "检查并保存" in page


def test_chapter_form_builds_paths_from_parent(admin_client, make_bank):
    from exams.models import Chapter

    bank = make_bank(code="chap", chapters=())
    admin_client.post(reverse("exams_chapters:add"), {"bank": bank.pk, "name": "法律法规", "sort_order": 0})
    parent = Chapter.objects.get(bank=bank, path="法律法规")
    response = admin_client.post(
        reverse("exams_chapters:add"), {"bank": bank.pk, "parent": parent.pk, "name": "安全生产法", "sort_order": 1}
    )
    assert response.status_code == 302
    assert Chapter.objects.get(bank=bank, name="安全生产法").path == "法律法规/安全生产法"


def test_exam_admin_role_holds_exam_permissions_and_nothing_from_courses(exam_admin):
    perms = exam_admin.get_all_permissions()
    assert {"exams.add_question", "exams.change_blueprint", "exams.view_attempt", "exams.add_questionbank"} <= perms
    assert "exams.change_attempt" not in perms
    assert not any(perm.startswith("courses.") for perm in perms)


def test_gift_upload_through_the_admin(admin_client, make_bank, django_capture_on_commit_callbacks):
    bank = make_bank(code="giftup")
    upload = SimpleUploadedFile("题库.gift", "::G1:: 湿手可以触摸开关。{F}\n".encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("exams_admin:import_upload"), {"bank": bank.pk, "file": upload})
    job = QuestionImport.objects.get()
    assert (job.file_format, job.status, job.summary["created"]) == ("gift", "valid", 1)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("exams_admin:import_confirm", args=[job.pk]))
    assert bank.questions.get(external_id="G1").answer == "B"
    assert response.status_code == 302


def test_problem_table_names_rows_in_the_admins_language(
    admin_client, exam_admin, make_bank, django_capture_on_commit_callbacks
):
    from wagtail.users.models import UserProfile

    bank = make_bank(code="english")
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(admin_client, bank, [HEADER, ["E1", "单选题", "题干", "甲", "乙", "", "C", ""]])
    UserProfile.get_for_user(exam_admin)
    UserProfile.objects.filter(user=exam_admin).update(preferred_language="en")
    page = admin_client.get(response["Location"]).content.decode()
    assert "Row 2" in page
    assert "第 2 行" not in page


def test_new_blueprint_needs_the_add_permission_and_unknown_export_format_is_404(
    client, admin_client, bank_with_paper, django_user_model
):
    from django.contrib.auth.models import Permission

    bank, subject, blueprint = bank_with_paper
    assert admin_client.get(reverse("exams_admin:bank_export", args=[bank.pk, "csv"])).status_code == 404
    editor = django_user_model.objects.create_user(
        username="bp_editor", email="bp@example.com", password="pw-12345678", is_staff=True
    )
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(content_type__app_label="exams", codename="change_blueprint"),
    )
    client.force_login(editor)
    assert client.get(reverse("exams_admin:blueprint_edit", args=[blueprint.pk])).status_code == 200
    response = client.get(reverse("exams_admin:blueprint_add") + f"?subject={subject.pk}")
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's "permission denied"
