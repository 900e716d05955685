"""Demo training courses (``python manage.py seed_demo``); safe to run again.

Courses are found by title, lessons by (course, order); ``demo_learner`` is enrolled in the 低压电工 course
with the first two lessons done, so 我的学习 and the enterprise page have something to show.
"""

import datetime

from django.utils import timezone

from accounts.models import Industry, PersonCategory, User
from exams.models import ExamSubject

from .models import Course, CoverColour, Lesson, LessonProgress, TrainingType
from .services import enrolment_create, lesson_complete, lesson_start

SUBJECTS = {
    "low-voltage-electrician": ("低压电工作业", PersonCategory.SPECIAL_OPERATOR, "电工作业"),
    "welding": ("熔化焊接与热切割作业", PersonCategory.SPECIAL_OPERATOR, "焊接与热切割作业"),
    "hazchem-principal": ("危险化学品生产单位主要负责人", PersonCategory.PRINCIPAL, "危险化学品"),
    "hazchem-safety-manager": ("危险化学品生产单位安全生产管理人员", PersonCategory.SAFETY_MANAGER, "危险化学品"),
}

COURSES = [
    {
        "title": "低压电工作业初训",
        "summary": "面向初次取证的低压电工，讲清安全用电法规、触电防护与低压电器安全操作。",
        "description": (
            "本课程依据特种作业人员安全技术培训大纲编写，帮助学员掌握低压电工作业的安全知识。\n\n"
            "学完全部课时并通过考试后，方可申领特种作业操作证。"
        ),
        "person_category": PersonCategory.SPECIAL_OPERATOR,
        "training_type": TrainingType.INITIAL,
        "industry": "",
        "subjects": ["low-voltage-electrician"],
        "cover_colour": CoverColour.BLUE,
        "lessons": [
            (
                "安全生产法律法规与电工职责",
                45,
                "《中华人民共和国安全生产法》规定，特种作业人员必须按照国家有关规定经专门的安全作业培训，"
                "取得相应资格，方可上岗作业。\n\n"
                "低压电工应严格执行操作规程，有权拒绝违章指挥和强令冒险作业，发现事故隐患应立即报告。",
            ),
            (
                "触电事故与触电急救",
                45,
                "触电分为电击和电伤。通过人体的电流越大、时间越长，危险越大；电流流经心脏最为危险。\n\n"
                "发现有人触电，首先要迅速切断电源，或用干燥的木棒等绝缘物使触电者脱离电源，切不可直接用手拉。"
                "脱离电源后，立即判断意识和呼吸，必要时进行心肺复苏并拨打 120。",
            ),
            (
                "直接接触与间接接触防护",
                45,
                "绝缘、屏护和间距是防止直接接触触电的基本措施。\n\n"
                "保护接地、保护接零和剩余电流动作保护器（漏电保护器）用于防止间接接触触电。"
                "剩余电流动作保护器应每月按试验按钮检查一次。",
            ),
            (
                "低压电器与线路安全",
                45,
                "刀开关、断路器、熔断器和接触器应根据负载正确选型，严禁用铜丝代替熔丝。\n\n"
                "临时用电线路应使用橡套软电缆，架设高度和长度符合规定，用毕及时拆除。",
            ),
            (
                "停电作业安全措施",
                45,
                "在低压设备上停电检修，必须做好停电、验电、装设接地线、悬挂标示牌和装设遮栏等安全技术措施。\n\n"
                "“禁止合闸，有人工作”标示牌应挂在断开的开关操作把手上，谁挂牌谁摘牌。",
            ),
        ],
    },
    {
        "title": "危险化学品生产单位主要负责人初训",
        "summary": "主要负责人履行安全生产第一责任人职责的必修课：法律责任、双重预防机制与应急管理。",
        "description": (
            "依据《生产经营单位安全培训规定》，危险化学品生产单位主要负责人初次安全培训时间不少于 48 学时。\n\n"
            "本课程为线上理论部分，线下集中培训另行通知。"
        ),
        "person_category": PersonCategory.PRINCIPAL,
        "training_type": TrainingType.INITIAL,
        "industry": Industry.HAZARDOUS_CHEMICALS,
        "subjects": ["hazchem-principal"],
        "cover_colour": CoverColour.RED,
        "lessons": [
            (
                "主要负责人的法定职责",
                45,
                "生产经营单位的主要负责人是本单位安全生产第一责任人，对本单位的安全生产工作全面负责。\n\n"
                "主要负责人应建立健全全员安全生产责任制，组织制定并实施安全生产规章制度、操作规程和教育培训计划。",
            ),
            (
                "安全风险分级管控与隐患排查治理",
                60,
                "企业应当构建安全风险分级管控和隐患排查治理双重预防机制。\n\n"
                "重大事故隐患应当制定治理方案，落实治理措施、责任、资金、时限和预案，治理完毕经评估后方可恢复生产。",
            ),
            (
                "危险化学品重大危险源管理",
                45,
                "构成重大危险源的，应当登记建档，进行定期检测、评估和监控，并制定应急预案。\n\n"
                "重大危险源应配备温度、压力、液位、流量等信息的不间断采集和监测系统以及可燃、有毒气体泄漏报警装置。",
            ),
            (
                "生产安全事故应急救援",
                45,
                "企业应制定生产安全事故应急救援预案，并定期组织演练，每年至少一次综合或专项演练。\n\n"
                "事故发生后，单位负责人接到报告后应当在 1 小时内向事故发生地县级以上应急管理部门报告。",
            ),
        ],
    },
    {
        "title": "危险化学品安全生产管理人员年度再培训",
        "summary": "安全生产管理人员每年再培训：新法规、典型事故案例与现场检查要点。",
        "description": (
            "危险化学品等高危行业的安全生产管理人员每年再培训时间不少于 16 学时。\n\n"
            "本课程结合近年典型事故案例，帮助您更新知识、查找身边安全隐患。"
        ),
        "person_category": PersonCategory.SAFETY_MANAGER,
        "training_type": TrainingType.REFRESHER,
        "industry": Industry.HAZARDOUS_CHEMICALS,
        "subjects": ["hazchem-safety-manager"],
        "cover_colour": CoverColour.GREEN,
        "lessons": [
            (
                "年度法规标准更新要点",
                45,
                "本课时梳理本年度新发布、修订的安全生产法规和标准，重点解读对企业安全管理提出的新要求。",
            ),
            (
                "特殊作业安全管理",
                60,
                "动火、受限空间、盲板抽堵、高处、吊装、临时用电、动土、断路八大特殊作业必须办理作业许可。\n\n"
                "作业前应进行危害识别，落实安全措施，安排专人监护，作业结束后清理现场并确认无遗留隐患。",
            ),
            (
                "典型事故案例分析",
                45,
                "通过分析化工企业火灾爆炸、中毒窒息事故，查找在风险辨识、特殊作业和应急处置上的共性问题。",
            ),
            (
                "现场安全检查方法",
                30,
                "安全检查可采用安全检查表法，按照人、机、料、法、环逐项检查，做到检查有记录、隐患有整改、整改有复查。",
            ),
        ],
    },
    {
        "title": "有限空间作业安全",
        "summary": "先通风、再检测、后作业：讲清有限空间的辨识、检测、防护与救援。",
        "description": (
            "有限空间作业中毒窒息事故往往因盲目施救导致伤亡扩大。\n\n本课程适合企业一线从业人员和班组长学习。"
        ),
        "person_category": PersonCategory.OTHER,
        "training_type": TrainingType.REFRESHER,
        "industry": "",
        "subjects": [],
        "cover_colour": CoverColour.ORANGE,
        "lessons": [
            (
                "有限空间的辨识",
                30,
                "有限空间是指封闭或部分封闭，与外界相对隔离，出入口较为狭窄，作业人员不能长时间在内工作，"
                "自然通风不良，易造成有毒有害、易燃易爆物质积聚或氧含量不足的空间，如污水井、储罐、地窖等。",
            ),
            (
                "作业审批与气体检测",
                30,
                "有限空间作业必须严格实行作业审批制度，坚持“先通风、再检测、后作业”的原则。\n\n"
                "检测顺序一般为：氧含量、可燃气体、有毒气体。作业过程中应持续监测。",
            ),
            (
                "个体防护与应急救援",
                30,
                "作业人员应佩戴全身式安全带、安全绳，必要时佩戴正压式空气呼吸器。\n\n"
                "发生事故时，严禁未经培训、未佩戴防护用品的人员盲目施救，应立即报警并在外部实施救援。",
            ),
        ],
    },
]


def _subjects() -> dict[str, ExamSubject]:
    subjects = {}
    for code, (name, category, field) in SUBJECTS.items():
        subjects[code], _created = ExamSubject.objects.get_or_create(
            code=code, defaults={"name": name, "person_category": category, "field": field}
        )
    return subjects


def _course(spec: dict, subjects: dict[str, ExamSubject]) -> Course:
    fields = {key: spec[key] for key in ("summary", "description", "person_category", "training_type", "industry")}
    course, _created = Course.objects.update_or_create(
        title=spec["title"], defaults={**fields, "cover_colour": spec["cover_colour"], "is_published": True}
    )
    for order, (title, minutes, body) in enumerate(spec["lessons"]):
        Lesson.objects.update_or_create(
            course=course, sort_order=order, defaults={"title": title, "minutes": minutes, "body": body}
        )
    course.subjects.set([subjects[code] for code in spec["subjects"]])
    return course


def _demo_user(username: str) -> User:
    user, _created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@demo.yunmeng.gov.cn"}
    )
    return user


def _study_demo_lessons(user: User, course: Course, count: int) -> None:
    """Complete the first ``count`` lessons as if studied yesterday (demo data only sets the clock back)."""
    yesterday = timezone.now() - datetime.timedelta(days=1)
    for lesson in course.lessons.all()[:count]:
        progress = lesson_start(user=user, lesson=lesson)
        if progress.completed_at is None:
            LessonProgress.objects.filter(pk=progress.pk).update(
                started_at=yesterday, active_seconds=lesson.minutes * 60
            )
            lesson_complete(user=user, lesson=lesson)


def seed(stdout) -> None:
    subjects = _subjects()
    courses = [_course(spec, subjects) for spec in COURSES]
    learner = _demo_user("demo_learner")
    enrolment_create(user=learner, course=courses[0])
    _study_demo_lessons(learner, courses[0], 2)
    learner2 = _demo_user("demo_learner2")
    enrolment_create(user=learner2, course=courses[2])
    lessons = sum(len(spec["lessons"]) for spec in COURSES)
    stdout.write(
        f"  培训课程 {len(courses)} 门、课时 {lessons} 个；demo_learner 已学完「{courses[0].title}」的 2 个课时"
    )
